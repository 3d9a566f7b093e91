using CallCluster.Grains.Calls;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCluster.Grains.Speaking;

/// <summary>
/// Synthesizes the turn-taking machine's resume line into the <see cref="SpokenSentenceCache"/> as the silo starts:
/// when another silo dies, every call it held resumes here within the same second and asks for exactly that line.
/// </summary>
internal sealed class ResumeLineWarmUp(SpokenSentenceCache sentences, IOptions<CallGrainOptions> options) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var (sentence, _) in SentenceSplitter.Split(options.Value.TurnTaking.ResumeLine))
        {
            await foreach (var _ in sentences.SpeakAsync(sentence, cancellationToken))
            {
                // Synthesizing is the point: the samples stay in the cache.
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
