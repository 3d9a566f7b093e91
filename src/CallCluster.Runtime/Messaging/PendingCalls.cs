using System.Collections.Concurrent;
using CallCluster.Runtime.Activation;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// Calls sent and not yet answered, by correlation id. When a connection closes, every call waiting on it
/// fails at once with <see cref="SiloUnavailableException"/>: callers learn of a dead silo immediately.
/// </summary>
internal sealed class PendingCalls
{
    private readonly ConcurrentDictionary<long, Pending> _pending = new();
    private long _nextId;

    public (long Id, Task<CallResponse> Response) Register(Connection connection)
    {
        var id = Interlocked.Increment(ref _nextId);
        var pending = new Pending(connection, new TaskCompletionSource<CallResponse>(TaskCreationOptions.RunContinuationsAsynchronously));
        _pending[id] = pending;
        return (id, pending.Completion.Task);
    }

    public void Complete(long id, CallResponse response)
    {
        if (_pending.TryRemove(id, out var pending))
        {
            pending.Completion.TrySetResult(response);
        }
    }

    public void Forget(long id) => _pending.TryRemove(id, out _);

    public void FailAll(Connection connection)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.Connection == connection && _pending.TryRemove(id, out _))
            {
                pending.Completion.TrySetResult(CallResponse.Unavailable($"The connection to {connection} closed before the call completed."));
            }
        }
    }

    private sealed record Pending(Connection Connection, TaskCompletionSource<CallResponse> Completion);
}
