using System.Collections.Concurrent;
using CallCluster.Edge.Calls;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>Accepts any number of calls and keeps how each one ended; completes <see cref="AllEnded"/> at a target count.</summary>
internal sealed class CountingHandler(int expectedCalls) : ICallMediaHandler
{
    private readonly TaskCompletionSource _allEnded = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _expectedCalls = expectedCalls;
    private int _accepted;

    public ConcurrentQueue<CallEnd> Ends { get; } = new();

    public int Accepted => Volatile.Read(ref _accepted);

    public Task AllEnded => _allEnded.Task;

    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _accepted);
        return ValueTask.FromResult<ICallMediaSession>(new Session(this));
    }

    private sealed class Session(CountingHandler handler) : ICallMediaSession
    {
        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken) => ValueTask.CompletedTask;

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
        {
            handler.Ends.Enqueue(end);
            if (handler.Ends.Count >= handler._expectedCalls)
            {
                handler._allEnded.TrySetResult();
            }

            return ValueTask.CompletedTask;
        }
    }
}
