using System.Collections.Concurrent;
using CallCluster.Edge.Calls;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// The handler of the benchmark callers' SIP edge: every call it places gets a <see cref="LatencyCallSession"/>, found
/// again by call id once <c>PlaceCallAsync</c> returns. Answers are recorded into <see cref="Samples"/>.
/// </summary>
internal sealed class LatencyCaller(IReadOnlyList<CallerUtterance> lines, CallLatencyOptions options) : ICallMediaHandler
{
    private readonly ConcurrentDictionary<string, LatencyCallSession> _sessions = new(StringComparer.Ordinal);

    public ConcurrentQueue<TurnSample> Samples { get; } = new();

    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = new LatencyCallSession(call, channel, lines, options, Samples.Enqueue);
        _sessions[call.CallId] = session;
        return ValueTask.FromResult<ICallMediaSession>(session);
    }

    /// <summary>The session of a placed call, forgotten here (the caller loop owns it from now on).</summary>
    /// <exception cref="InvalidOperationException">The edge placed the call without offering it to this handler.</exception>
    public LatencyCallSession Take(string callId) => _sessions.TryRemove(callId, out var session)
        ? session
        : throw new InvalidOperationException($"Call {callId} was placed but never reached the caller's handler.");
}
