namespace CallCluster.Sip.Sdp;

/// <summary>The a=sendrecv / sendonly / recvonly / inactive attribute (RFC 4566 §6, RFC 3264 §5.1), used for hold.</summary>
public enum MediaDirection
{
    SendRecv,
    SendOnly,
    RecvOnly,
    Inactive,
}

public static class MediaDirectionExtensions
{
    public static string ToAttribute(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => "sendonly",
        MediaDirection.RecvOnly => "recvonly",
        MediaDirection.Inactive => "inactive",
        _ => "sendrecv",
    };

    /// <summary>What the other side's direction looks like from here: their sendonly is our recvonly.</summary>
    public static MediaDirection Reverse(this MediaDirection direction) => direction switch
    {
        MediaDirection.SendOnly => MediaDirection.RecvOnly,
        MediaDirection.RecvOnly => MediaDirection.SendOnly,
        _ => direction,
    };

    /// <summary>The most each side allows: e.g. sendrecv ∩ sendonly = sendonly, sendonly ∩ recvonly = inactive.</summary>
    public static MediaDirection Intersect(this MediaDirection a, MediaDirection b)
    {
        var sends = a.CanSend() && b.CanSend();
        var receives = a.CanReceive() && b.CanReceive();
        return (sends, receives) switch
        {
            (true, true) => MediaDirection.SendRecv,
            (true, false) => MediaDirection.SendOnly,
            (false, true) => MediaDirection.RecvOnly,
            _ => MediaDirection.Inactive,
        };
    }

    public static bool CanSend(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.SendOnly;

    public static bool CanReceive(this MediaDirection direction) => direction is MediaDirection.SendRecv or MediaDirection.RecvOnly;
}
