using CallCluster.Load.Metrics;
using CallCluster.Runtime;

namespace CallCluster.Load.Runtime.Grains;

/// <summary>
/// The frame-stream benchmark's grain: receives timestamped frames (as a call grain receives audio from an
/// edge) and records each frame's one-way latency.
/// </summary>
[GrainType("bench-frames")]
public interface IFrameSinkGrain : IGrainWithStringKey
{
    /// <summary>Frames received so far and their latencies (µs from the sender's write to this grain's read).</summary>
    Task<FrameSinkReport> Report();
}

public sealed record FrameSinkReport(long Received, long Malformed, LatencySnapshot Latency);
