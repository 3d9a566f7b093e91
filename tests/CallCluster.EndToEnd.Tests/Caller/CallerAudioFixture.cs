using CallCluster.Edge.Playout;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>The real engines and one running playout clock, shared by the caller's audio tests.</summary>
public sealed class CallerAudioFixture : IAsyncLifetime
{
    public PocketSphinxSpeechToText SpeechToText { get; } = new(Options.Create(new PocketSphinxOptions { MaxDecoders = 2 }));

    public ESpeakTextToSpeech TextToSpeech { get; } = new(Options.Create(new ESpeakOptions()));

    public PlayoutScheduler Scheduler { get; } = new(
        Options.Create(new PlayoutOptions { ThreadPriority = ThreadPriority.Normal }), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);

    public async ValueTask InitializeAsync()
    {
        Scheduler.Start();
        await SpeechToText.WarmUpAsync(2);
    }

    public ValueTask DisposeAsync()
    {
        Scheduler.Dispose();
        SpeechToText.Dispose();
        return ValueTask.CompletedTask;
    }
}

/// <summary>
/// The caller's audio tests run one at a time: espeak-ng is one synthesiser per process, and the latency figures
/// mean more on a machine that is not also running the other tests' speech.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class CallerAudioCollection : ICollectionFixture<CallerAudioFixture>
{
    public const string Name = "Caller audio";
}
