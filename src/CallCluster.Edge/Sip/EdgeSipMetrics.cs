using System.Diagnostics.Metrics;

namespace CallCluster.Edge.Sip;

/// <summary>The SIP edge's instruments, under the edge's meter.</summary>
internal static class EdgeSipMetrics
{
    private static readonly Meter Meter = new(EdgeMetrics.MeterName);

    /// <summary>INVITEs answered with a final error before any call existed, by reason (rate, challenge, forbidden, sdp, no-offer).</summary>
    public static readonly Counter<long> InvitesRejected = Meter.CreateCounter<long>("callcluster.edge.sip.invites_rejected");

    /// <summary>Calls answered and acknowledged.</summary>
    public static readonly Counter<long> CallsAnswered = Meter.CreateCounter<long>("callcluster.edge.sip.calls_answered");
}
