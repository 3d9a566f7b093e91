namespace CallCluster.Agent.TurnTaking;

/// <summary>Timings and lines of the turn-taking machine. Every default is stated once, here.</summary>
public sealed class TurnTakingOptions
{
    /// <summary>
    /// Silence after the caller's speech before the turn ends. Default 0.5 s (LiveKit's
    /// min_endpointing_delay): shorter cuts callers off mid-thought, longer is felt as lag.
    /// </summary>
    public TimeSpan MinEndpointingDelay { get; set; } = TimeSpan.FromSeconds(0.5);

    /// <summary>
    /// Silence allowed when the node's grammar says the answer is not complete yet (a half-spoken card number).
    /// Default 3.0 s (LiveKit's max_endpointing_delay): the longest pause people take before they continue.
    /// </summary>
    public TimeSpan MaxEndpointingDelay { get; set; } = TimeSpan.FromSeconds(3.0);

    /// <summary>
    /// How long to wait for the STT final after asking the recognizer to finalize; past it the last partial is used.
    /// Default 1.5 s: streaming recognizers finalize in well under a second, so this only catches a stuck one.
    /// </summary>
    public TimeSpan RecognitionFinalTimeout { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>
    /// Caller speech during agent activity must last this long before it may interrupt. Default 300 ms:
    /// longer than a cough or a "mm-hm", shorter than any real objection.
    /// </summary>
    public TimeSpan MinInterruptionDuration { get; set; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// After a long-enough interruption with no words yet, playout is paused; if no words arrive within this time
    /// it resumes (a false interruption). Default 2.0 s (LiveKit's false_interruption_timeout).
    /// </summary>
    public TimeSpan FalseInterruptionTimeout { get; set; } = TimeSpan.FromSeconds(2.0);

    /// <summary>Silence while listening before a reprompt. Default 6 s: long enough to find a card, short enough to not feel abandoned.</summary>
    public TimeSpan NoInputTimeout { get; set; } = TimeSpan.FromSeconds(6);

    /// <summary>
    /// Who answers the caller's silence. Default false: the machine itself says <see cref="RepromptLine"/> and the
    /// node's question again, up to <see cref="MaxReprompts"/> times, then <see cref="NoInputGoodbyeLine"/> and hangs up
    /// with <see cref="CallDisposition.NoInput"/>. True: silence is a turn of its own for the agent — the machine sends a
    /// <see cref="RunDecision"/> with no transcript and no digits and speaks the answer, so an agent whose graph has its
    /// own reprompts and no-input goodbye (and its own disposition for it) is the one the caller hears; the answer counts
    /// as a reprompt when the agent keeps listening. The decision and response timeouts still guard it.
    /// </summary>
    public bool AgentAnswersSilence { get; set; }

    /// <summary>Reprompts after silence before the agent says goodbye. Default 2, the common IVR practice. Not used when <see cref="AgentAnswersSilence"/>.</summary>
    public int MaxReprompts { get; set; } = 2;

    /// <summary>
    /// Gap after the last DTMF digit that ends a keyed entry the node's keypad grammar does not already call complete
    /// (<see cref="ResponseReady.DigitsComplete"/>). Default 3 s, the ITU-T/IVR convention for inter-digit time-outs.
    /// </summary>
    public TimeSpan DtmfInterDigitTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>The DTMF key that ends a keyed entry at once. Default '#', what callers are told to press.</summary>
    public char DtmfTerminator { get; set; } = '#';

    /// <summary>The longest a call may last before the agent says goodbye. Default 30 min: a safety net against stuck calls, not a product limit.</summary>
    public TimeSpan MaxCallDuration { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>
    /// Time allowed for the decision (tool choice and tool calls) before the fallback line plays.
    /// Default 4 s: beyond that the silence is felt as a dropped call.
    /// </summary>
    public TimeSpan DecisionTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>Time allowed for the response text after the decision before the fallback line plays. Default 4 s, for the same reason.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(4);

    /// <summary>
    /// Time from Speak to the turn's first audio (a TTS chunk, a sent packet or a playout mark) before the turn is
    /// abandoned for the fallback line. Default 3 s: a TTS that has produced nothing by then has failed, and the
    /// caller is already hearing dead air.
    /// </summary>
    public TimeSpan FirstAudioTimeout { get; set; } = TimeSpan.FromSeconds(3);

    /// <summary>Spoken when the decision or response timed out. Default asks the caller to repeat, so the call moves on.</summary>
    public string FallbackLine { get; set; } = "Sorry, that is taking longer than it should. Could you say that again?";

    /// <summary>Spoken before the node's question again after silence. Default a plain check that the caller is there.</summary>
    public string RepromptLine { get; set; } = "Sorry, I didn't hear anything.";

    /// <summary>Spoken before the hang-up after the last reprompt.</summary>
    public string NoInputGoodbyeLine { get; set; } = "I still can't hear you, so I'll end the call now. Goodbye.";

    /// <summary>Spoken before the hang-up at the maximum call length.</summary>
    public string MaxDurationGoodbyeLine { get; set; } = "We have reached the time limit for this call. Goodbye.";

    /// <summary>Spoken after a failover, before the interrupted node's question. Default short, because the caller heard a gap.</summary>
    public string ResumeLine { get; set; } = "Sorry, we got cut off for a moment.";

    /// <summary>Spoken when a warm transfer did not reach a human, before the node's question again.</summary>
    public string TransferFailedLine { get; set; } = "I'm sorry, I couldn't reach anyone right now.";

    /// <summary>Throws when a value would make the machine misbehave, naming the option.</summary>
    public void Validate()
    {
        RequirePositive(MinEndpointingDelay, nameof(MinEndpointingDelay), allowZero: true);
        RequirePositive(MaxEndpointingDelay, nameof(MaxEndpointingDelay), allowZero: true);
        if (MaxEndpointingDelay < MinEndpointingDelay)
        {
            throw new ArgumentException($"{nameof(MaxEndpointingDelay)} ({MaxEndpointingDelay}) is shorter than {nameof(MinEndpointingDelay)} ({MinEndpointingDelay}).");
        }

        RequirePositive(RecognitionFinalTimeout, nameof(RecognitionFinalTimeout), allowZero: false);
        RequirePositive(MinInterruptionDuration, nameof(MinInterruptionDuration), allowZero: true);
        RequirePositive(FalseInterruptionTimeout, nameof(FalseInterruptionTimeout), allowZero: false);
        RequirePositive(NoInputTimeout, nameof(NoInputTimeout), allowZero: false);
        RequirePositive(DtmfInterDigitTimeout, nameof(DtmfInterDigitTimeout), allowZero: false);
        RequirePositive(MaxCallDuration, nameof(MaxCallDuration), allowZero: false);
        RequirePositive(DecisionTimeout, nameof(DecisionTimeout), allowZero: false);
        RequirePositive(ResponseTimeout, nameof(ResponseTimeout), allowZero: false);
        RequirePositive(FirstAudioTimeout, nameof(FirstAudioTimeout), allowZero: false);
        if (MaxReprompts < 0)
        {
            throw new ArgumentException($"{nameof(MaxReprompts)} is {MaxReprompts}; it must be 0 or more.");
        }

        RequireText(FallbackLine, nameof(FallbackLine));
        RequireText(RepromptLine, nameof(RepromptLine));
        RequireText(NoInputGoodbyeLine, nameof(NoInputGoodbyeLine));
        RequireText(MaxDurationGoodbyeLine, nameof(MaxDurationGoodbyeLine));
        RequireText(ResumeLine, nameof(ResumeLine));
        RequireText(TransferFailedLine, nameof(TransferFailedLine));
    }

    private static void RequirePositive(TimeSpan value, string name, bool allowZero)
    {
        if (value < TimeSpan.Zero || (!allowZero && value == TimeSpan.Zero))
        {
            throw new ArgumentException($"{name} is {value}; it must be {(allowZero ? "zero or more" : "more than zero")}.");
        }
    }

    private static void RequireText(string value, string name)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            throw new ArgumentException($"{name} is empty; the agent would play dead air.");
        }
    }
}
