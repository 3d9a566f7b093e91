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

    /// <summary>A client opens a frame stream to an activation on this silo: [id][grain type][grain key][receive window].</summary>
    StreamOpen = 7,

    /// <summary>One frame of a stream: [id][bytes]. A sender may only send while it holds credit.</summary>
    StreamData = 8,

    /// <summary>The receiver consumed frames: [id][count] more may be sent.</summary>
    StreamCredit = 9,

    /// <summary>The stream ends: [id][reason, null when normal].</summary>
    StreamClose = 10,

    /// <summary>The silo's answer to StreamOpen: [id][accepted][reason][receive window].</summary>
    StreamOpened = 11,
}
