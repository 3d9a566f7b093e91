namespace CallCluster.Load.Runtime;

/// <summary>How much work each part of the runtime benchmark does. <see cref="Full"/> is what the figures in
/// docs/benchmarks.md come from; <see cref="Quick"/> checks the whole path end to end in well under a minute.</summary>
public sealed record RuntimeBenchmarkProfile(
    int PingGrains,
    int ClientCalls,
    int CrossSiloCalls,
    int Concurrency,
    TimeSpan ThroughputDuration,
    int Streams,
    int FramesPerSecond,
    int FrameBytes,
    TimeSpan StreamWarmup,
    TimeSpan StreamDuration,
    int Kills)
{
    /// <summary>500 streams × 50 frames/s of 640 bytes (20 ms of 16 kHz L16, the internal audio format) and 20 kills per signal.</summary>
    public static RuntimeBenchmarkProfile Full { get; } = new(
        PingGrains: 64,
        ClientCalls: 5_000,
        CrossSiloCalls: 5_000,
        Concurrency: 64,
        ThroughputDuration: TimeSpan.FromSeconds(5),
        Streams: 500,
        FramesPerSecond: 50,
        FrameBytes: 640,
        StreamWarmup: TimeSpan.FromSeconds(2),
        StreamDuration: TimeSpan.FromSeconds(10),
        Kills: 20);

    public static RuntimeBenchmarkProfile Quick { get; } = new(
        PingGrains: 16,
        ClientCalls: 500,
        CrossSiloCalls: 500,
        Concurrency: 16,
        ThroughputDuration: TimeSpan.FromSeconds(1),
        Streams: 100,
        FramesPerSecond: 50,
        FrameBytes: 640,
        StreamWarmup: TimeSpan.FromMilliseconds(500),
        StreamDuration: TimeSpan.FromSeconds(2),
        Kills: 2);
}
