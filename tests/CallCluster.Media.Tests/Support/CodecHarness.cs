using CallCluster.Media.Codecs;

namespace CallCluster.Media.Tests.Support;

/// <summary>Runs whole signals through a codec frame by frame, optionally losing packets on the way.</summary>
internal static class CodecHarness
{
    public static short[] RoundTrip(IAudioCodec codec, short[] input, Func<int, bool>? lost = null)
    {
        var frames = input.Length / 320;
        var payloads = Encode(codec, input);
        using var decoder = codec.CreateDecoder();
        var output = new short[frames * 320];
        for (var f = 0; f < frames; f++)
        {
            var frame = output.AsSpan(f * 320, 320);
            if (lost?.Invoke(f) == true)
            {
                var next = f + 1 < frames && lost(f + 1) != true ? payloads[f + 1] : [];
                Assert.Equal(320, decoder.Conceal(next, frame));
            }
            else
            {
                Assert.Equal(320, decoder.Decode(payloads[f], frame));
            }
        }

        return output;
    }

    public static byte[][] Encode(IAudioCodec codec, short[] input)
    {
        var frames = input.Length / 320;
        using var encoder = codec.CreateEncoder();
        var payloads = new byte[frames][];
        var buffer = new byte[codec.MaxPayloadSize];
        for (var f = 0; f < frames; f++)
        {
            var length = encoder.Encode(input.AsSpan(f * 320, 320), buffer);
            Assert.InRange(length, 1, codec.MaxPayloadSize);
            payloads[f] = buffer[..length];
        }

        return payloads;
    }
}
