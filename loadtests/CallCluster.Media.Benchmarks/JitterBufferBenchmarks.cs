using BenchmarkDotNet.Attributes;
using CallCluster.Media.Jitter;

namespace CallCluster.Media.Benchmarks;

/// <summary>One packet in and one frame out, in order and with every other pair swapped.</summary>
[MemoryDiagnoser]
public class JitterBufferBenchmarks
{
    private readonly byte[] payload = new byte[160];
    private JitterBuffer buffer = null!;
    private int sequence;

    [GlobalSetup]
    public void Setup()
    {
        buffer = new JitterBuffer(8000);
        for (sequence = 0; sequence < 10; sequence++)
        {
            buffer.Push(1, (ushort)sequence, (uint)(sequence * 160), TimeSpan.FromMilliseconds(sequence * 20), payload);
        }
    }

    [GlobalCleanup]
    public void Cleanup() => buffer.Dispose();

    [Benchmark]
    public PlayoutKind PushAndTickInOrder()
    {
        var s = sequence++;
        buffer.Push(1, (ushort)s, (uint)(s * 160), TimeSpan.FromMilliseconds(s * 20), payload);
        return buffer.Tick().Kind;
    }

    [Benchmark]
    public PlayoutKind PushAndTickReordered()
    {
        var s = sequence++;
        var swapped = (s & 1) == 0 ? s + 1 : s - 1;
        buffer.Push(1, (ushort)swapped, (uint)(swapped * 160), TimeSpan.FromMilliseconds(s * 20), payload);
        return buffer.Tick().Kind;
    }
}
