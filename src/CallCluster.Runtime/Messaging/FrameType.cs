namespace CallCluster.Runtime.Messaging;

/// <summary>The kinds of frame on a runtime TCP connection. Each frame is [int32 length][byte type][payload].</summary>
internal enum FrameType : byte
{
    /// <summary>First frame from the connecting side: who it is (a silo and its address, or a client).</summary>
    Hello = 1,
    Request = 2,
    Response = 3,

    /// <summary>A membership probe; the reply carries the probed silo's load for placement.</summary>
    Probe = 4,
    ProbeReply = 5,

    /// <summary>The sender changed the membership table: re-read it now rather than at the next refresh.</summary>
    MembershipChanged = 6,

    StreamOpen = 7,
    StreamData = 8,
    StreamCredit = 9,
    StreamClose = 10,
}
