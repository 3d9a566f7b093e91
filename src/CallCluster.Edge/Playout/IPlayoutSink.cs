namespace CallCluster.Edge.Playout;

/// <summary>
/// Where a call's paced audio goes: an RTP sender or a WebSocket media stream. Called on the scheduler's
/// thread once per 20 ms tick, so it must not block: queue network writes, never await them here.
/// </summary>
public interface IPlayoutSink
{
    /// <summary>The tick's frame: 16 kHz, 320 samples, valid only during the call.</summary>
    /// <param name="frame">The samples to send.</param>
    /// <param name="comfortSilence">True when nothing was queued and <paramref name="frame"/> is silence; a sink
    /// that keeps a continuous stream (RTP) sends it, one whose far end fills gaps itself (Twilio) skips it.</param>
    void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence);

    /// <summary>All audio queued before the mark has now been handed to <see cref="SendFrame"/>.</summary>
    void OnMarkReached(string name);
}
