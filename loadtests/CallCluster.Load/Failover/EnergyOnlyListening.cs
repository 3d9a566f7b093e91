using System.Runtime.CompilerServices;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.Failover;

/// <summary>
/// The failover callers' "recogniser": it hears that the agent spoke, not what it said. Twenty callers each running
/// pocketsphinx on the agent's audio would need more CPU than the two cores the agent side already shares; turns are
/// taken on audio energy (the scripted caller's VAD), and what the agent did is read from its evidence package.
/// Every utterance's transcript is empty.
/// </summary>
internal sealed class EnergyOnlyListening : ISpeechToText
{
    public ValueTask<ISpeechRecognitionSession> StartSessionAsync(RecognitionHints hints, CancellationToken cancellationToken = default) =>
        ValueTask.FromResult<ISpeechRecognitionSession>(new Session());

    private sealed class Session : ISpeechRecognitionSession
    {
        private TimeSpan _heard;

        public ValueTask PushAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken = default)
        {
            _heard += TimeSpan.FromSeconds(frame.Length / 16_000.0);
            return ValueTask.CompletedTask;
        }

        public async IAsyncEnumerable<PartialTranscript> ReadPartialsAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.CompletedTask;
            yield break;
        }

        public Task<Transcript> CompleteAsync(CancellationToken cancellationToken = default) =>
            Task.FromResult(new Transcript(string.Empty, null, [], _heard));

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
