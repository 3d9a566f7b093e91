using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCluster.Silo.Hosting;

/// <summary>
/// Loads every pocketsphinx decoder the process may use before the silo joins the cluster (StartingAsync runs before
/// any hosted service starts). A cold decoder takes seconds to load on a busy host, longer than the turn-taking
/// machine waits for a final transcript, so the first callers of a fresh silo (and every call that fails over to
/// it) would otherwise hear "Sorry, I didn't hear anything".
/// </summary>
internal sealed class SpeechWarmUpService(PocketSphinxSpeechToText speechToText, IOptions<PocketSphinxOptions> options) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken) => speechToText.WarmUpAsync(options.Value.MaxDecoders, cancellationToken);

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
