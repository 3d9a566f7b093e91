namespace CallCluster.Edge.Playout;

/// <summary>
/// Where a call's paced audio goes: an RTP sender or a WebSocket media stream. The scheduler calls it once per 20 ms tick
/// in two steps: <see cref="SendFrame"/> ahead of the tick on a preparing thread (encode, packetise, queue), then
/// <see cref="SendPrepared"/> at the tick's due time on the pacing thread. Neither may block.
/// </summary>
public interface IPlayoutSink
{
    /// <summary>
    /// The tick's frame: 16 kHz, 320 samples, valid only during the call. Runs up to one tick ahead of the due time, so
    /// a sink that must put its packet on the wire on time (RTP) only builds it here and sends it in <see cref="SendPrepared"/>.
    /// </summary>
    /// <param name="frame">The samples to send.</param>
    /// <param name="comfortSilence">True when nothing was queued and <paramref name="frame"/> is silence; a sink
    /// that keeps a continuous stream (RTP) sends it, one whose far end fills gaps itself (Twilio) skips it.</param>
    void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence);

    /// <summary>
    /// Puts what <see cref="SendFrame"/> prepared on the wire. Called on the pacing thread at the tick's due time, shared
    /// by every call of a shard, so it must do nothing but the send. Default: nothing, for a sink whose
    /// <see cref="SendFrame"/> queues its output (a WebSocket writer, paced by the far end's own buffer).
    /// </summary>
    void SendPrepared()
    {
    }

    /// <summary>All audio queued before the mark has now been handed to <see cref="SendFrame"/> (and sent).</summary>
    void OnMarkReached(string name);
}
