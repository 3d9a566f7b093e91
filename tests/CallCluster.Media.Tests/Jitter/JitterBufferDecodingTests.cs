using CallCluster.Media.Codecs;
using CallCluster.Media.Jitter;
using CallCluster.Media.Tests.Support;

namespace CallCluster.Media.Tests.Jitter;

public sealed class JitterBufferDecodingTests
{
    [Fact]
    public void A_reordered_lossy_Opus_stream_decodes_to_continuous_audio()
    {
        var codec = CodecRegistry.Default.Get("opus", 48000);
        var tone = Signals.Sine(440, 16000, 16000 * 3);
        var payloads = CodecHarness.Encode(codec, tone);
        using var buffer = new JitterBuffer(codec.ClockRate);
        using var decoder = codec.CreateDecoder();
        var output = new List<short>();
        var frame = new short[320];

        for (var tick = 0; tick < payloads.Length + 10; tick++)
        {
            // Pairs swap places; packet 60 never arrives.
            var index = tick % 2 == 0 ? tick + 1 : tick - 1;
            if (index < payloads.Length && index != 60)
            {
                buffer.Push(7, (ushort)index, (uint)(index * codec.TimestampIncrement), TimeSpan.FromMilliseconds(tick * 20), payloads[index]);
            }

            var kind = buffer.TickInto(decoder, frame);
            if (kind != PlayoutKind.Silence)
            {
                output.AddRange(frame);
            }
        }

        Assert.Equal(1, buffer.Statistics.Lost);
        var audio = output.ToArray().AsSpan(1600, payloads.Length * 320 - 3200);
        Assert.True(SineFit.SnrDb(audio, 440, 16000) > 10, "the stream, including the concealed frame, stays a 440 Hz tone");
        Assert.True(Measure.Rms(audio) > 5000);
    }

    [Fact]
    public void A_corrupt_payload_is_concealed_instead_of_failing_the_call()
    {
        var codec = CodecRegistry.Default.Get("PCMU", 8000);
        using var buffer = new JitterBuffer(codec.ClockRate);
        using var decoder = codec.CreateDecoder();
        var frame = new short[320];

        for (ushort i = 0; i < 5; i++)
        {
            buffer.Push(1, i, i * 160u, TimeSpan.FromMilliseconds(i * 20), new byte[i == 2 ? 100 : 160]);
        }

        var kinds = Enumerable.Range(0, 5).Select(_ => buffer.TickInto(decoder, frame)).Where(k => k != PlayoutKind.Silence).ToList();

        Assert.Equal([PlayoutKind.Packet, PlayoutKind.Packet, PlayoutKind.Conceal], kinds.Take(3));
    }

    [Fact]
    public void Steady_state_push_and_tick_allocate_nothing()
    {
        using var buffer = new JitterBuffer(8000);
        var payload = new byte[160];
        for (var i = 0; i < 200; i++)
        {
            buffer.Push(1, (ushort)i, (uint)(i * 160), TimeSpan.FromMilliseconds(i * 20), payload);
            _ = buffer.Tick();
        }

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 200; i < 1200; i++)
        {
            buffer.Push(1, (ushort)i, (uint)(i * 160), TimeSpan.FromMilliseconds(i * 20), payload);
            _ = buffer.Tick();
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
