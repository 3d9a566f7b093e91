using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Playout;

internal static class Frames
{
    /// <summary>A frame whose every sample is <paramref name="value"/>, so its identity survives the trip.</summary>
    public static short[] Filled(short value)
    {
        var frame = new short[AudioFormat.SamplesPerFrame];
        Array.Fill(frame, value);
        return frame;
    }
}
