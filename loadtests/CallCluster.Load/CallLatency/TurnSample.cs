namespace CallCluster.Load.CallLatency;

/// <summary>One answered caller turn as the caller timed it.</summary>
/// <param name="CallId">The call (SIP Call-ID, also the call grain's key).</param>
/// <param name="Turn">The caller's turn in the call, from 1.</param>
/// <param name="Line">What the caller said.</param>
/// <param name="SpeechEndedAt">When the caller's last voiced frame left (a <see cref="System.Diagnostics.Stopwatch"/> timestamp).</param>
/// <param name="Latency">From there to the first voiced frame of the agent's answer.</param>
public readonly record struct TurnSample(string CallId, int Turn, string Line, long SpeechEndedAt, TimeSpan Latency);

/// <summary>How one benchmark call went.</summary>
/// <param name="CallId">The call.</param>
/// <param name="Turns">Lines the caller spoke.</param>
/// <param name="Unanswered">Turns (and greetings) the agent did not answer within the response timeout.</param>
/// <param name="EndedBy">Who hung up.</param>
/// <param name="Reason">The edge's reason.</param>
/// <param name="Duration">From the answer to the end.</param>
public readonly record struct CallOutcome(string CallId, int Turns, int Unanswered, CallCluster.Edge.Calls.CallEndedBy EndedBy, string Reason, TimeSpan Duration);
