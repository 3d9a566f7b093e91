namespace CallCluster.Load.Failover;

/// <summary>One call of a failover run, as the caller, the agent's evidence package and the sandbox store saw it.</summary>
/// <param name="Number">1-based; the call's order is <see cref="RefundScript.OrderNumber"/>(Number).</param>
/// <param name="CallId">The SIP Call-ID (the call grain's key); empty when the call never connected.</param>
/// <param name="HostAtKill">The silo process that held the call's activation when the kill was sent ("silo-1"), or null.</param>
/// <param name="FailedOver">The call's silo was the one killed.</param>
/// <param name="CallerOutcome">How the call ended for the caller (AgentHungUp is the script's normal end).</param>
/// <param name="ScriptTurns">The caller's spoken lines in the script.</param>
/// <param name="TurnsAnswered">Spoken lines the agent answered (the caller heard it speak before its next line).</param>
/// <param name="TurnsInEvidence">The caller's lines the grain recognised and recorded in call.json.</param>
/// <param name="Disposition">The disposition in call.json, or null when no evidence package appeared.</param>
/// <param name="Resumes">How often the call resumed on a new activation (call.json).</param>
/// <param name="RefundRows">Refund rows this call wrote in the sandbox store (PostgreSQL); exactly 1 is right.</param>
/// <param name="RefundOrderMatches">The refund row is for this call's own order.</param>
/// <param name="RepeatedRefundAttempts">create_refund calls that reached the store after the refund existed (absorbed by its idempotency key, so no second row, but the ledger did not stop them).</param>
/// <param name="GapMs">The gap in agent audio across the kill (see <see cref="AgentAudioTimeline.GapAcross"/>), for calls that failed over.</param>
/// <param name="Failure">Why the call fails the acceptance, or null.</param>
public sealed record FailoverCallResult(
    int Number,
    string CallId,
    string? HostAtKill,
    bool FailedOver,
    string CallerOutcome,
    int ScriptTurns,
    int TurnsAnswered,
    int TurnsInEvidence,
    string? Disposition,
    int Resumes,
    int RefundRows,
    bool RefundOrderMatches,
    int RepeatedRefundAttempts,
    double? GapMs,
    string? Failure)
{
    /// <summary>Spoken lines that got no answer or never reached the grain's record.</summary>
    public int TurnsLost => Math.Max(ScriptTurns - TurnsAnswered, ScriptTurns - TurnsInEvidence) is var lost and > 0 ? lost : 0;
}
