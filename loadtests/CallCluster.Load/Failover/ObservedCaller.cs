using System.Diagnostics;
using CallCluster.Edge.Calls;
using CallCluster.Load.Calls;

namespace CallCluster.Load.Failover;

/// <summary>
/// A <see cref="ScriptedCaller"/> with the failover driver listening in: the call's id, every agent frame into an
/// <see cref="AgentAudioTimeline"/>, and the moment the caller's first line went out, so the driver knows when the
/// call is mid-conversation. The scripted caller itself sees every event unchanged.
/// </summary>
internal sealed class ObservedCaller(ScriptedCaller caller) : ICallMediaHandler
{
    private readonly TaskCompletionSource<string> _callId = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly List<(long Start, long End)> _lines = [];
    private long _firstLineEndedAt;

    public ScriptedCaller Caller => caller;

    public AgentAudioTimeline AgentAudio { get; } = new();

    /// <summary>The call's id (the SIP Call-ID, which is also the call grain's key) once answered.</summary>
    public Task<string> CallId => _callId.Task;

    /// <summary>True once the caller said its first line and the agent has spoken since: the call is mid-conversation.</summary>
    public bool PastFirstAnswer => Volatile.Read(ref _firstLineEndedAt) is var at and > 0 && AgentAudio.HeardSince(at);

    public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        var session = await caller.AcceptCallAsync(call, channel, cancellationToken);
        _callId.TrySetResult(call.CallId);
        return new Session(this, session);
    }

    /// <summary>The caller's lines so far, as played on its leg (start and end <see cref="Stopwatch"/> timestamps, finished ones only).</summary>
    public IReadOnlyList<(long Start, long End)> Lines
    {
        get
        {
            lock (_gate)
            {
                return [.. _lines.Where(l => l.End != long.MaxValue)];
            }
        }
    }

    /// <summary>Ends <see cref="CallId"/> for a call that never connected.</summary>
    public void NotConnected() => _callId.TrySetCanceled();

    private sealed class Session(ObservedCaller owner, ICallMediaSession inner) : ICallMediaSession
    {
        // On the caller's own leg the "caller audio" is what the far end (the agent) sends.
        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
        {
            owner.AgentAudio.Observe(frame.Span, Stopwatch.GetTimestamp());
            return inner.OnCallerAudioAsync(frame, cancellationToken);
        }

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => inner.OnDtmfAsync(digit, cancellationToken);

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
        {
            if (mark.Outcome == PlayoutMarkOutcome.Played)
            {
                owner.OnLineMark(mark.Name, Stopwatch.GetTimestamp());
            }

            return inner.OnPlayoutMarkAsync(mark, cancellationToken);
        }

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken) => inner.OnCallEndedAsync(end, cancellationToken);
    }

    private void OnLineMark(string name, long at)
    {
        if (!CallerLineMark.TryParse(name, out var line, out var ended))
        {
            return;
        }

        if (ended && line == 1)
        {
            Interlocked.CompareExchange(ref _firstLineEndedAt, at, 0);
        }

        lock (_gate)
        {
            if (!ended)
            {
                _lines.Add((at, long.MaxValue));
            }
            else if (_lines.Count > 0 && _lines[^1].End == long.MaxValue)
            {
                _lines[^1] = (_lines[^1].Start, at);
            }
        }
    }
}
