using CallCluster.Grains.Evidence;
using CallCluster.Media.Frames;

namespace CallCluster.Grains;

/// <summary>
/// The audio pools' blocks one call holds at most (from <c>bench calls</c> at 50 calls, docs/benchmarks-calls.md), and
/// making them ready before calls need them. Pinned blocks allocated while calls run count against gen2's budget and
/// bring full collections with them.
/// </summary>
public static class CallAudioReservation
{
    /// <summary>20 ms frames in flight between threads, per call.</summary>
    private const int FramesPerCall = 64;

    /// <summary>240 ms segments of playout and replay audio (seconds of each), per call leg an edge carries.</summary>
    private const int SegmentsPerLeg = 64;

    /// <summary>Recordings per call on a silo: its own, and the ended call's it replaced while that is still being saved.</summary>
    private const int RecordingsPerCall = 2;

    /// <summary>Reserves the blocks of <paramref name="calls"/> calls, each with <paramref name="edgeLegs"/> legs on this process's edges and, on a silo, a recording.</summary>
    public static void Reserve(int calls, int edgeLegs, bool silo)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(calls);
        ArgumentOutOfRangeException.ThrowIfNegative(edgeLegs);
        AudioBlockPool.Frames.Reserve(calls * FramesPerCall);
        if (edgeLegs > 0)
        {
            PooledFrameQueue.Reserve(calls * edgeLegs * SegmentsPerLeg);
        }

        if (silo)
        {
            StereoRecording.Reserve(calls * RecordingsPerCall);
        }
    }
}
