using CallCluster.Media.Frames;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// Whether a 20 ms frame carries voice, by its mean energy: the benchmark's callers only need to tell the agent's speech
/// from the comfort silence between its turns, which an energy threshold does for a fraction of a VAD's or recogniser's cost.
/// </summary>
internal static class FrameEnergy
{
    /// <summary>-40 dBFS: comfort silence is digital zero and codec noise far below, synthesised speech well above.</summary>
    private const double ThresholdDbfs = -40;

    public static bool IsVoiced(ReadOnlySpan<short> frame) => AudioLevel.Dbfs(frame) >= ThresholdDbfs;
}
