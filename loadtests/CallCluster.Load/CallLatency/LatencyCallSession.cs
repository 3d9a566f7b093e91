using System.Diagnostics;
using System.Globalization;
using CallCluster.Edge.Calls;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// One benchmark call from the caller's side: waits out the greeting, then speaks its lines in a loop, each once the
/// agent has been quiet for <see cref="CallLatencyOptions.EndOfTurnSilence"/>, and times every answer: from the moment
/// the caller's last voiced frame left (its playout mark) to the first voiced frame of the agent's audio. Everything
/// runs on the edge's ordered event delivery for this call, so the state needs no locks, and per frame it costs one
/// energy sum: the caller must not take the CPU the agent is being measured on.
/// </summary>
internal sealed class LatencyCallSession : ICallMediaSession
{
    private const string EndMarkPrefix = "line-end-";

    private readonly CallStartInfo _call;
    private readonly ICallMediaChannel _channel;
    private readonly IReadOnlyList<CallerUtterance> _lines;
    private readonly CallLatencyOptions _options;
    private readonly Action<TurnSample> _record;
    private readonly TaskCompletionSource<CallOutcome> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly long _answeredAt = Stopwatch.GetTimestamp();
    private Phase _phase = Phase.AwaitingGreeting;
    private volatile bool _stopRequested;
    private bool _agentSpoke;
    private long _lastAgentVoice;
    private long _speechEndAt;
    private long _waitStartedAt;
    private int _turns;
    private int _noResponse;
    private string _pendingMark = string.Empty;

    public LatencyCallSession(CallStartInfo call, ICallMediaChannel channel, IReadOnlyList<CallerUtterance> lines, CallLatencyOptions options, Action<TurnSample> record)
    {
        _call = call;
        _channel = channel;
        _lines = lines;
        _options = options;
        _record = record;
        _waitStartedAt = _answeredAt;
    }

    private enum Phase
    {
        AwaitingGreeting,
        Speaking,
        AwaitingAnswer,
        AgentAnswering,
        HangingUp,
    }

    public string CallId => _call.CallId;

    /// <summary>Completes when the call has ended, from either side.</summary>
    public Task<CallOutcome> Completion => _completion.Task;

    /// <summary>Hang up at the end of the agent's current turn (the level is over).</summary>
    public void RequestStop() => _stopRequested = true;

    public async ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
    {
        // On the caller's leg "caller audio" is what the far end sends: the agent.
        var now = Stopwatch.GetTimestamp();
        var voiced = FrameEnergy.IsVoiced(frame.Span);
        switch (_phase)
        {
            case Phase.AwaitingAnswer when voiced:
                _record(new TurnSample(_call.CallId, _turns, _lines[(_turns - 1) % _lines.Count].Text, _speechEndAt, Stopwatch.GetElapsedTime(_speechEndAt, now)));
                _phase = Phase.AgentAnswering;
                _agentSpoke = true;
                _lastAgentVoice = now;
                break;
            case Phase.AwaitingAnswer when Stopwatch.GetElapsedTime(_speechEndAt, now) > _options.ResponseTimeout:
                // The agent stayed silent: the turn is counted as unanswered and the caller goes on.
                _noResponse++;
                await TakeTurnAsync(cancellationToken);
                break;
            case Phase.AwaitingGreeting or Phase.AgentAnswering when voiced:
                _agentSpoke = true;
                _lastAgentVoice = now;
                break;
            case Phase.AwaitingGreeting or Phase.AgentAnswering when _agentSpoke && Stopwatch.GetElapsedTime(_lastAgentVoice, now) >= _options.EndOfTurnSilence:
                await TakeTurnAsync(cancellationToken);
                break;
            case Phase.AwaitingGreeting when !_agentSpoke && Stopwatch.GetElapsedTime(_waitStartedAt, now) > _options.ResponseTimeout:
                _noResponse++;
                await HangUpAsync(cancellationToken);
                break;
        }
    }

    public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
    {
        if (_phase == Phase.Speaking && string.Equals(mark.Name, _pendingMark, StringComparison.Ordinal) && mark.Outcome == PlayoutMarkOutcome.Played)
        {
            // The last voiced frame has just been handed to RTP: the caller's speech has ended.
            _speechEndAt = Stopwatch.GetTimestamp();
            _phase = Phase.AwaitingAnswer;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
    {
        _completion.TrySetResult(new CallOutcome(_call.CallId, _turns, _noResponse, end.By, end.Reason, Stopwatch.GetElapsedTime(_answeredAt)));
        return ValueTask.CompletedTask;
    }

    private async ValueTask TakeTurnAsync(CancellationToken cancellationToken)
    {
        if (_stopRequested || _turns >= _options.TurnsPerCall)
        {
            await HangUpAsync(cancellationToken);
            return;
        }

        var line = _lines[_turns % _lines.Count];
        _turns++;
        _phase = Phase.Speaking;
        _agentSpoke = false;
        _pendingMark = EndMarkPrefix + _turns.ToString(CultureInfo.InvariantCulture);
        for (var i = 0; i < line.Frames; i++)
        {
            await _channel.SendAudioAsync(line.Frame(i), cancellationToken);
        }

        _channel.Mark(_pendingMark);
    }

    private async ValueTask HangUpAsync(CancellationToken cancellationToken)
    {
        _phase = Phase.HangingUp;
        await _channel.HangUpAsync(cancellationToken);
    }
}
