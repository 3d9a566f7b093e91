using System.Buffers;
using System.Runtime.CompilerServices;
using CallCluster.Media.Frames;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.ESpeak;

/// <summary>
/// Embedded synthesis with espeak-ng, resampled from 22 050 Hz to 16 kHz and streamed as it is produced. All instances
/// share the process's one espeak thread, so syntheses queue behind each other; texts spoken before are replayed from a
/// <see cref="SynthesisCache"/> (<see cref="ESpeakOptions.CacheSeconds"/>) without entering that queue.
/// </summary>
public sealed class ESpeakTextToSpeech : ITextToSpeech
{
    private readonly ESpeakOptions _options;
    private readonly ESpeakEngine _engine;
    private readonly SynthesisCache _cache;
    private readonly int _replayChunkSamples;

    public ESpeakTextToSpeech(IOptions<ESpeakOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _engine = ESpeakEngine.Shared(_options);
        _cache = new SynthesisCache((long)(_options.CacheSeconds * AudioFormat.SampleRate));
        _replayChunkSamples = Math.Max(1, _options.ChunkMilliseconds * AudioFormat.SampleRate / 1000);
    }

    /// <summary>Samples of audio the cache holds now (16 kHz).</summary>
    internal long CachedSamples => _cache.Samples;

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

        if (_cache.TryGet(text, out var cached))
        {
            for (var offset = 0; offset < cached.Length; offset += _replayChunkSamples)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var length = Math.Min(_replayChunkSamples, cached.Length - offset);
                var buffer = ArrayPool<short>.Shared.Rent(length);
                cached.AsSpan(offset, length).CopyTo(buffer);
                yield return SynthesizedAudio.FromRented(buffer, length);
            }

            yield break;
        }

        var job = new SynthesisJob(text, _options, cancellationToken, report => SynthesisFinished?.Invoke(this, report));
        // Read before the engine thread finishes and disposes the job, after which its token source is gone.
        var stopped = job.Token;
        _engine.Enqueue(job);
        var whole = new ArrayBufferWriter<short>();
        try
        {
            await foreach (var chunk in job.Output.ReadAllAsync(cancellationToken))
            {
                // Copied before the consumer sees the chunk: it may dispose it as soon as it has it.
                chunk.Samples.Span.CopyTo(whole.GetSpan(chunk.Length));
                whole.Advance(chunk.Length);
                yield return chunk;
            }

            // Reached only when the whole text was synthesised and read; a job stopped early ends its output without an
            // error, so its cancellation is checked too: truncated audio is never cached.
            if (!stopped.IsCancellationRequested)
            {
                _cache.Add(text, whole.WrittenSpan.ToArray());
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
