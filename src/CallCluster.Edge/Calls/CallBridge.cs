namespace CallCluster.Edge.Calls;

/// <summary>
/// Two calls on this edge joined at the media seam (a warm transfer's last step): each call's caller audio becomes the
/// other's agent audio, as 16 kHz frames whatever codecs the two lines use, paced out by the shared playout clock.
/// While joined, the handlers receive no caller audio (digits and the end still reach them) and agent audio they send
/// is dropped. <see cref="Dispose"/> (or either call ending) separates the calls, and each returns to its own handler.
/// </summary>
public sealed class CallBridge : IDisposable
{
    private static readonly object Gate = new();
    private readonly TaskCompletionSource<string> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private CallBridge(EdgeCall first, EdgeCall second)
    {
        First = first;
        Second = second;
    }

    public EdgeCall First { get; }

    public EdgeCall Second { get; }

    /// <summary>Completes with the reason ("unbridged", or "ended" when one of the calls ended) once the calls are apart.</summary>
    public Task<string> Completion => _completion.Task;

    /// <summary>
    /// Joins <paramref name="first"/> and <paramref name="second"/>: the agent audio queued on either is dropped (its
    /// marks reported cleared) so that the two parties hear each other from the next tick on.
    /// </summary>
    /// <exception cref="InvalidOperationException">A call is the same as the other, has ended, has not started, or is already bridged.</exception>
    public static CallBridge Connect(EdgeCall first, EdgeCall second)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (ReferenceEquals(first, second))
        {
            throw new InvalidOperationException("A call cannot be bridged to itself.");
        }

        var bridge = new CallBridge(first, second);
        lock (Gate)
        {
            foreach (var call in new[] { first, second })
            {
                if (!call.CanBridge(out var reason))
                {
                    throw new InvalidOperationException($"Call {call.Call.CallId} cannot be bridged: {reason}.");
                }
            }

            first.JoinBridge(bridge, second);
            second.JoinBridge(bridge, first);
        }

        // A call that ended between the check and the join leaves its end to us: it could not see the bridge yet.
        if (first.HasEnded || second.HasEnded)
        {
            bridge.Separate("ended");
        }

        return bridge;
    }

    /// <summary>Separates the calls; each goes back to its handler. Idempotent.</summary>
    public void Dispose() => Separate("unbridged");

    internal void Separate(string reason)
    {
        lock (Gate)
        {
            if (_completion.Task.IsCompleted)
            {
                return;
            }

            First.LeaveBridge(this);
            Second.LeaveBridge(this);
            _completion.TrySetResult(reason);
        }
    }
}
