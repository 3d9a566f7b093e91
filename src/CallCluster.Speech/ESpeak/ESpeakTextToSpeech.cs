using System.Runtime.CompilerServices;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.ESpeak;

/// <summary>
/// Embedded synthesis with espeak-ng, resampled from 22 050 Hz to 16 kHz and streamed as it is produced. All instances
/// share the process's one espeak thread, so syntheses queue behind each other. espeak-ng carries waveform state
/// (pitch flutter, phase, libc rand) from one text to the next, so the same text is not sample-identical twice; tests
/// that count recognitions speak through a fresh espeak-ng process instead.
/// </summary>
public sealed class ESpeakTextToSpeech : ITextToSpeech
{
    private readonly ESpeakOptions _options;
    private readonly ESpeakEngine _engine;

    public ESpeakTextToSpeech(IOptions<ESpeakOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _engine = ESpeakEngine.Shared(_options);
    }

    /// <summary>Raised on the espeak thread when a synthesis ends, with its timings (for metrics and tests).</summary>
    public event EventHandler<SynthesisReport>? SynthesisFinished;

    public async IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        cancellationToken.ThrowIfCancellationRequested();
        await _engine.Initialized;
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var job = new SynthesisJob(text, _options, cancellationToken, report => SynthesisFinished?.Invoke(this, report));
        _engine.Enqueue(job);
        try
        {
            await foreach (var chunk in job.Output.ReadAllAsync(cancellationToken))
            {
                yield return chunk;
            }
        }
        finally
        {
            // Also reached when the consumer stops enumerating early: stop espeak rather than synthesise for no one.
            job.Abandon();
            job.DrainUnread();
        }
    }
}
