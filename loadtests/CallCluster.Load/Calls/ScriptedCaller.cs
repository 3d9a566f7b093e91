using CallCluster.Edge.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.Calls;

/// <summary>
/// The caller's side of one call, as the handler of the caller's leg on an edge: it plays a <see cref="CallScript"/>
/// (speech through <see cref="ITextToSpeech"/>, digits, silence, barge-in, hang-up), listens to the agent with VAD and
/// streaming <see cref="ISpeechToText"/>, takes its turn once the agent has been quiet for
/// <see cref="ScriptedCallerOptions.EndOfTurnSilence"/>, and ends with a <see cref="CallReport"/> in <see cref="Completion"/>.
/// One instance places one call.
/// </summary>
public sealed class ScriptedCaller : ICallMediaHandler
{
    private readonly CallScript _script;
    private readonly ITextToSpeech _textToSpeech;
    private readonly ISpeechToText _speechToText;
    private readonly ScriptedCallerOptions _options;
    private readonly TimeProvider _time;
    private readonly TaskCompletionSource<CallReport> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _accepted;

    /// <exception cref="ArgumentException">An option is out of range.</exception>
    public ScriptedCaller(
        CallScript script,
        ITextToSpeech textToSpeech,
        ISpeechToText speechToText,
        ScriptedCallerOptions? options = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(textToSpeech);
        ArgumentNullException.ThrowIfNull(speechToText);
        _script = script;
        _textToSpeech = textToSpeech;
        _speechToText = speechToText;
        _options = options ?? new ScriptedCallerOptions();
        _options.Validate();
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Sends digits out of band (RFC 4733 telephone events on a SIP leg) and returns how long they take on the line
    /// (<see cref="CallCluster.Media.Dtmf.TelephoneEventSender.WireTime"/>): the keyed line lasts that long, so it ends
    /// when the last key has gone out, not when the keys were queued. When null, digits are played in-band as DTMF
    /// tones in the caller's audio, which only an agent that detects tones will hear.
    /// </summary>
    public Func<string, TimeSpan>? DigitSender { get; set; }

    /// <summary>The call's report, once it has ended (from either side) and the last utterance is recognised.</summary>
    public Task<CallReport> Completion => _completion.Task;

    /// <summary>Ends <see cref="Completion"/> for a call that never got as far as media (rejected, unreachable, not answered).</summary>
    public void ReportNotConnected(string callId, string reason) =>
        _completion.TrySetResult(new CallReport(callId, string.Empty, null, [], CallDisposition.NotConnected, reason, TimeSpan.Zero, []));

    /// <exception cref="InvalidOperationException">This caller already has its call.</exception>
    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(channel);
        if (Interlocked.Exchange(ref _accepted, 1) != 0)
        {
            throw new InvalidOperationException("A ScriptedCaller places one call; create another for the next.");
        }

        var session = new ScriptedCallSession(_script, _textToSpeech, _speechToText, _options, _time, channel, () => DigitSender, _completion);
        session.Start();
        return ValueTask.FromResult<ICallMediaSession>(session);
    }
}
