using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Transactions;

/// <summary>The transaction user (UA core, dialogs, the Edge): what the transaction layer hands up.</summary>
public interface ISipTransactionUser
{
    /// <summary>A new request (not ACK, not a retransmission). Answer through <see cref="ServerTransaction.SendResponseAsync"/>.</summary>
    void OnRequest(ServerTransaction transaction);

    /// <summary>An ACK to a 2xx: per RFC 3261 it is its own transaction and belongs to the dialog.</summary>
    void OnAck(SipInbound ack);

    /// <summary>A response matching no transaction, e.g. a 2xx retransmitted after the client transaction ended.</summary>
    void OnStrayResponse(SipInbound response);
}
