using CallCluster.Edge.Calls;

namespace CallCluster.Edge.Responders;

/// <summary>
/// Plays every caller frame straight back, through the same paced playout as an agent's speech: the simplest
/// handler that exercises both media directions end to end (loopback tests, latency and load benchmarks).
/// </summary>
public sealed class EchoResponder : ICallMediaHandler
{
    /// <inheritdoc />
    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken) =>
        ValueTask.FromResult<ICallMediaSession>(new Session(channel));

    private sealed class Session(ICallMediaChannel channel) : ICallMediaSession
    {
        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken) =>
            channel.SendAudioAsync(frame, cancellationToken);

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken) => ValueTask.CompletedTask;
    }
}
