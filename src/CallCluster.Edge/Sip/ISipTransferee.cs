using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Sip;

/// <summary>
/// What a <see cref="SipEdge"/> does when the peer on one of its calls asks it to call someone else (an inbound REFER,
/// RFC 3515: the edge is the transferee). Without one the edge refuses every REFER with 403. The edge answers the
/// REFER, sends the subscription's NOTIFYs (100 Trying, then the final status this returns) and makes sure the
/// subscription always ends with a final status.
/// </summary>
public interface ISipTransferee
{
    /// <summary>Whether this call may be sent to <paramref name="target"/>; false answers the REFER 403.</summary>
    bool Accepts(SipEdgeCall call, SipUri target);

    /// <summary>
    /// Carries out an accepted transfer and returns the final SIP status of the call to the target (200 when it is up),
    /// which the referrer gets in the last NOTIFY. A failure thrown is reported as 500. Cancelled when the call ends.
    /// </summary>
    Task<int> TransferAsync(SipEdgeCall call, SipUri target, CancellationToken cancellationToken);
}
