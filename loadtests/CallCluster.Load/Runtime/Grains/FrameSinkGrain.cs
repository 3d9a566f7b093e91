using System.Buffers.Binary;
using System.Diagnostics;
using CallCluster.Load.Metrics;
using CallCluster.Runtime;
using CallCluster.Runtime.Streams;

namespace CallCluster.Load.Runtime.Grains;

/// <summary>
/// Drains its stream and records, per frame sent in the measured window (flag byte 8), now minus the send
/// timestamp in the frame's first 8 bytes.
/// Both are <see cref="Stopwatch.GetTimestamp"/> readings: on Linux that is CLOCK_MONOTONIC, one clock for
/// every process on the machine, so sender and receiver may live in different processes.
/// </summary>
public sealed class FrameSinkGrain : Grain, IFrameSinkGrain, IFrameStreamGrain
{
    private readonly byte[] _frame = new byte[FrameStreamBenchmark.MaxFrameSize];
    private readonly LatencyHistogram _latency = new();
    private long _received;
    private long _malformed;

    public Task OnFrameStreamOpenedAsync(FrameStream stream) => Task.CompletedTask;

    public Task OnFramesAvailableAsync(FrameStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (stream.TryRead(_frame, out var length))
        {
            var now = Stopwatch.GetTimestamp();
            _received++;
            if (length <= FrameStreamBenchmark.MeasuredFlagOffset)
            {
                _malformed++;
                continue;
            }

            if (_frame[FrameStreamBenchmark.MeasuredFlagOffset] != 0)
            {
                var sent = BinaryPrimitives.ReadInt64LittleEndian(_frame);
                _latency.Record((now - sent) * 1_000_000 / Stopwatch.Frequency);
            }
        }

        return Task.CompletedTask;
    }

    public Task OnFrameStreamClosedAsync(FrameStream stream, Exception? error) => OnFramesAvailableAsync(stream);

    public Task<FrameSinkReport> Report() => Task.FromResult(new FrameSinkReport(_received, _malformed, _latency.Snapshot()));
}
