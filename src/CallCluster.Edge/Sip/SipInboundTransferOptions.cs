namespace CallCluster.Edge.Sip;

/// <summary>
/// Whether and where the edge follows a peer's REFER on one of its calls (it is the transferee): it dials the Refer-To
/// through a trunk and moves the call (the agent's side, unchanged) onto the new leg.
/// </summary>
public sealed class SipInboundTransferOptions
{
    /// <summary>
    /// The trunk (in <see cref="SipEdgeOptions.Trunks"/>, with an outbound host) the edge dials a referred target
    /// through. Default null: the edge follows no REFER and refuses each with 403.
    /// </summary>
    public string? Trunk { get; set; }

    /// <summary>
    /// The targets a REFER may send a call to: a host ("pbx.example.com") admits every user there, "user@host" one
    /// address; compared without case. Default none, which refuses every REFER with 403: a REFER from a peer spends
    /// the edge's trunk, so where it may go is the operator's list, never the peer's choice (toll fraud).
    /// </summary>
    public IList<string> AllowedTargets { get; init; } = [];

    /// <summary>
    /// How long the referred target may take to answer before the transfer fails (408 to the referrer; the call stays
    /// where it was). Default 30 s: about as long as a PBX lets a desk ring before it gives up itself.
    /// </summary>
    public TimeSpan AnswerTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a transfer succeeded, how long the edge waits for the referrer to hang up its leg (RFC 5589 §6.1 leaves
    /// that to the referrer) before it hangs up itself. Default 5 s: a referrer hangs up at once on the final NOTIFY;
    /// waiting a little avoids BYEs crossing, and a referrer that never does is not left holding a dead leg.
    /// </summary>
    public TimeSpan ReferrerByeGrace { get; set; } = TimeSpan.FromSeconds(5);
}
