using CallCluster.Edge.Sip;
using CallCluster.Sip.Messages;

namespace CallCluster.Load.Calls.Sip;

/// <summary>
/// The scripted caller's phone as a transferee: it accepts the agent's REFER (202, NOTIFY 100 Trying from the edge)
/// and reports the transfer complete (NOTIFY 200 OK), as a phone whose call to the target was answered would. It does
/// not dial the target: the load and demo callers have nobody there to talk to, only the fact to report.
/// </summary>
internal sealed class TransferringPhone : ISipTransferee
{
    private string? _transferredTo;

    /// <summary>The Refer-To of the last transfer carried out, or null.</summary>
    public string? TransferredTo => Volatile.Read(ref _transferredTo);

    public bool Accepts(SipEdgeCall call, SipUri target) => true;

    public Task<int> TransferAsync(SipEdgeCall call, SipUri target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        Volatile.Write(ref _transferredTo, target.ToString());
        return Task.FromResult(200);
    }
}
