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

    /// <summary>Notes where the call's request ends in its connection's byte stream (<see cref="Connection.SendRequest"/>).</summary>
    public void Queued(long id, long end)
    {
        if (_pending.TryGetValue(id, out var pending))
        {
            Volatile.Write(ref pending.QueuedThrough, end);
        }
    }

    /// <summary>
    /// Fails every call waiting on a closed connection: <see cref="CallStatus.NotSent"/> when its request never
    /// reached the socket (the caller may send it elsewhere), else Unavailable (it may have run).
    /// </summary>
    public void FailAll(Connection connection)
    {
        foreach (var (id, pending) in _pending)
        {
            if (pending.Connection == connection && _pending.TryRemove(id, out _))
            {
                pending.Completion.TrySetResult(connection.WasSent(Volatile.Read(ref pending.QueuedThrough))
                    ? CallResponse.Unavailable($"The connection to {connection} closed before the call completed.")
                    : CallResponse.NotSent($"The connection to {connection} closed before the call was sent."));
            }
        }
    }

    private sealed class Pending(Connection connection, TaskCompletionSource<CallResponse> completion)
    {
        /// <summary>Until the request is queued, as far as a close can tell it was never sent.</summary>
        public long QueuedThrough = long.MaxValue;

        public Connection Connection { get; } = connection;

        public TaskCompletionSource<CallResponse> Completion { get; } = completion;
    }
}
