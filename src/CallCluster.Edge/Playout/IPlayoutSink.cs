namespace CallCluster.Edge.Playout;

/// <summary>
/// Where a call's paced audio goes: an RTP sender or a WebSocket media stream. The scheduler calls it once per 20 ms tick
/// in two steps: <see cref="SendFrame"/> ahead of the tick on a preparing thread (encode, packetise, queue), then
/// <see cref="SendPrepared"/> at the tick's due time on the pacing thread. When a talk spurt starts while the call is
/// idle, <see cref="TrySendNow"/> may put its first frame out at once instead. The scheduler never runs two of these
/// calls at the same time for one sink, and none of them may block.
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
    /// by every call of a shard, so it must do nothing but the send; and, for the first frame of a talk spurt, right
    /// after <see cref="SendFrame"/> on the thread that built it (the tick's own call then finds nothing left to send).
    /// Default: nothing, for a sink whose <see cref="SendFrame"/> queues its output (a WebSocket writer, paced by the
    /// far end's own buffer).
    /// </summary>
    void SendPrepared()
    {
    }

    /// <summary>
    /// The first frame of a talk spurt, queued while the call was idle: the last <see cref="SendFrame"/> had comfort
    /// silence for the coming tick and <see cref="SendPrepared"/> has not sent it yet. Called at once on the thread that
    /// queued the audio, so the caller hears the agent without waiting up to two ticks. A sink that accepts sends
    /// <paramref name="frame"/> now in that tick's place (RTP: the prepared packet's sequence number and timestamp,
    /// marker bit set) and then sends nothing for the tick in <see cref="SendPrepared"/> (RTCP is unaffected); the
    /// spurt's next frames follow on the grid. Default: false, for a sink that only sends on the grid.
    /// </summary>
    /// <returns>
    /// True when <paramref name="frame"/> has taken the tick's place; false to leave it queued for the next tick (nothing
    /// prepared to replace, on hold, digits queued).
    /// </returns>
    bool TrySendNow(ReadOnlySpan<short> frame) => false;

    /// <summary>All audio queued before the mark has now been handed to <see cref="SendFrame"/> or <see cref="TrySendNow"/> (and sent).</summary>
    void OnMarkReached(string name);
}
