using System.Buffers.Binary;
using System.Diagnostics;
using CallCluster.Load.Metrics;
using CallCluster.Load.Runtime.Grains;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Streams;

namespace CallCluster.Load.Runtime;

/// <summary>
/// Many paced frame streams at once, as an edge carrying many calls: stream i sends a frame every
/// 1/<c>FramesPerSecond</c> s, phases spread evenly over the streams (real calls do not tick in step).
/// Each frame carries its send timestamp and whether it falls in the measured window (after the warm-up).
/// </summary>
internal static class FrameStreamBenchmark
{
    /// <summary>The largest frame a sink grain accepts.</summary>
    public const int MaxFrameSize = 4096;

    /// <summary>Offset of the flag byte that marks a frame sent in the measured window.</summary>
    public const int MeasuredFlagOffset = sizeof(long);

    private const int ParallelOpens = 16;
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(30);

    public static async Task<FrameStreamFigures> RunAsync(ClusterClient client, RuntimeBenchmarkProfile profile, CancellationToken cancellationToken)
    {
        if (profile.FrameBytes is < MeasuredFlagOffset + 1 or > MaxFrameSize)
        {
            throw new ArgumentOutOfRangeException(nameof(profile), $"Frames must hold 9 to {MaxFrameSize} bytes.");
        }

        var keys = Enumerable.Range(0, profile.Streams).Select(i => $"frames-{i}").ToArray();
        var streams = await OpenAsync(client, keys, cancellationToken);
        var sent = new long[streams.Length];
        var pacing = await SendAsync(streams, sent, profile, cancellationToken);
        foreach (var stream in streams)
        {
            await stream.CloseAsync();
        }

        var (received, latency) = await CollectAsync(client, keys, sent, cancellationToken);
        return new FrameStreamFigures(
            profile.Streams,
            profile.FramesPerSecond,
            profile.FrameBytes,
            profile.Streams * profile.FramesPerSecond,
            pacing.MeasuredSeconds,
            sent.Sum(),
            received,
            pacing.MeasuredFrames / pacing.MeasuredSeconds,
            latency.Percentile(50),
            latency.Percentile(99),
            latency.Percentile(100),
            pacing.MaxLagMs);
    }

    private static async Task<FrameStream[]> OpenAsync(ClusterClient client, string[] keys, CancellationToken cancellationToken)
    {
        var streams = new FrameStream[keys.Length];
        using var gate = new SemaphoreSlim(ParallelOpens);
        await Task.WhenAll(keys.Select(async (key, i) =>
        {
            await gate.WaitAsync(cancellationToken);
            try
            {
                streams[i] = await client.OpenFrameStreamAsync<IFrameSinkGrain>(key, cancellationToken);
            }
            finally
            {
                gate.Release();
            }
        }));
        return streams;
    }

    /// <summary>
    /// Paces on a thread of its own with <see cref="Thread.Sleep(int)"/> (one nanosleep, ~1.1 ms), as an edge's media
    /// clock does, rather than with Task.Delay, whose wake-up goes through the timer thread and then the thread pool:
    /// two scheduling delays, after which a late sender sends the frames it owes in one burst and the last of them
    /// queue behind the rest on the receiving silo.
    /// </summary>
    private static Task<Pacing> SendAsync(FrameStream[] streams, long[] sent, RuntimeBenchmarkProfile profile, CancellationToken cancellationToken)
    {
        var done = new TaskCompletionSource<Pacing>(TaskCreationOptions.RunContinuationsAsynchronously);
        var sender = new Thread(() =>
        {
            try
            {
                done.SetResult(Send(streams, sent, profile, cancellationToken));
            }
#pragma warning disable CA1031 // Whatever stopped the sender belongs to the benchmark's caller.
            catch (Exception e)
#pragma warning restore CA1031
            {
                done.SetException(e);
            }
        })
        {
            IsBackground = true,
            Name = "frame sender",
        };
        sender.Start();
        return done.Task;
    }

    private static Pacing Send(FrameStream[] streams, long[] sent, RuntimeBenchmarkProfile profile, CancellationToken cancellationToken)
    {
        var framesPerSecond = (double)streams.Length * profile.FramesPerSecond;
        var ticksPerFrame = Stopwatch.Frequency / framesPerSecond;
        var warmupFrames = (long)(profile.StreamWarmup.TotalSeconds * framesPerSecond);
        var total = warmupFrames + (long)(profile.StreamDuration.TotalSeconds * framesPerSecond);
        var frame = new byte[profile.FrameBytes];
        var start = Stopwatch.GetTimestamp();
        long measuredStart = 0;
        long maxLagTicks = 0;
        long next = 0;
        while (next < total)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var now = Stopwatch.GetTimestamp();
            var due = Math.Min(total, (long)((now - start) / ticksPerFrame) + 1);
            if (next >= due)
            {
                Thread.Sleep(1);
                continue;
            }

            if (next >= warmupFrames)
            {
                maxLagTicks = Math.Max(maxLagTicks, now - start - (long)(next * ticksPerFrame));
            }

            for (; next < due; next++)
            {
                var stream = (int)(next % streams.Length);
                var timestamp = Stopwatch.GetTimestamp();
                if (next == warmupFrames)
                {
                    measuredStart = timestamp;
                }

                BinaryPrimitives.WriteInt64LittleEndian(frame, timestamp);
                frame[MeasuredFlagOffset] = next >= warmupFrames ? (byte)1 : (byte)0;
                var writing = streams[stream].WriteAsync(frame, cancellationToken);
                if (!writing.IsCompletedSuccessfully)
                {
                    // Out of credit (the grain is behind): this thread waits, as a paced sender would.
                    writing.AsTask().GetAwaiter().GetResult();
                }

                sent[stream]++;
            }
        }

        var measuredSeconds = Stopwatch.GetElapsedTime(measuredStart).TotalSeconds;
        return new Pacing(total - warmupFrames, measuredSeconds, maxLagTicks * 1000.0 / Stopwatch.Frequency);
    }

    /// <summary>Waits until every grain has read every frame sent to it, then merges their latencies.</summary>
    private static async Task<(long Received, LatencySnapshot Latency)> CollectAsync(ClusterClient client, string[] keys, long[] sent, CancellationToken cancellationToken)
    {
        var reports = new FrameSinkReport[keys.Length];
        var deadline = Stopwatch.GetTimestamp() + (long)(DrainTimeout.TotalSeconds * Stopwatch.Frequency);
        for (var i = 0; i < keys.Length; i++)
        {
            var grain = client.GetGrain<IFrameSinkGrain>(keys[i]);
            reports[i] = await grain.Report();
            while (reports[i].Received < sent[i] && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(10, cancellationToken);
                reports[i] = await grain.Report();
            }
        }

        var latency = new LatencyHistogram();
        foreach (var report in reports)
        {
            latency.Add(report.Latency);
        }

        return (reports.Sum(r => r.Received), latency.Snapshot());
    }

    private readonly record struct Pacing(long MeasuredFrames, double MeasuredSeconds, double MaxLagMs);
}
