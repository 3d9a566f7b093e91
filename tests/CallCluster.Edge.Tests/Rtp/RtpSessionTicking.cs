using CallCluster.Edge.Rtp;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>Both steps of one playout tick back to back, as the scheduler's prepare and pace threads run them in turn.</summary>
internal static class RtpSessionTicking
{
    public static void Tick(this RtpSession session, ReadOnlySpan<short> agentFrame, bool comfortSilence)
    {
        session.Prepare(agentFrame, comfortSilence);
        session.SendPrepared();
    }
}
