using System.Diagnostics;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech;

/// <summary>
/// Loads the embedded engines while the host starts, before any hosted service starts (<c>StartingAsync</c>), so before a
/// silo joins its cluster or an edge listens: every pocketsphinx decoder the pool may hold (acoustic model and
/// dictionary, ~0.5 s each on a quiet core, seconds on a loaded one) and espeak-ng's voice. Loaded lazily instead, the
/// first utterance of a fresh process — or of every call failing over to a fresh silo — waited for them past the
/// turn-taking machine's recognition-final timeout, so the agent did not hear its caller at all.
/// </summary>
internal sealed class EmbeddedSpeechWarmUp(
    ISpeechToText stt, ITextToSpeech tts, IOptions<PocketSphinxOptions> options, ILogger<EmbeddedSpeechWarmUp> logger) : IHostedLifecycleService
{
    public async Task StartingAsync(CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        if (stt is PocketSphinxSpeechToText pocketSphinx)
        {
            await pocketSphinx.WarmUpAsync(options.Value.MaxDecoders, cancellationToken);
        }

        await foreach (var chunk in tts.SynthesizeAsync("Hello.", cancellationToken))
        {
            chunk.Dispose();
        }

        logger.LogInformation("Speech engines loaded in {Milliseconds:0} ms.", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
