namespace CallCluster.Sip.Transactions;

/// <summary>Transaction states of RFC 3261 §17 with the Accepted state of RFC 6026.</summary>
public enum SipTransactionState
{
    /// <summary>INVITE client: request sent, nothing heard.</summary>
    Calling,

    /// <summary>Non-INVITE: request sent or received, no response yet.</summary>
    Trying,

    Proceeding,

    /// <summary>A 2xx to an INVITE went out or came in; absorbs retransmissions until timer L/M (RFC 6026).</summary>
    Accepted,

    Completed,

    /// <summary>INVITE server: the ACK for a failure response arrived.</summary>
    Confirmed,

    Terminated,
}
