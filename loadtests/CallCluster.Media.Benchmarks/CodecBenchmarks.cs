using BenchmarkDotNet.Attributes;
using CallCluster.Media.Codecs;

namespace CallCluster.Media.Benchmarks;

/// <summary>Encode and decode of one 20 ms frame per codec (including G.711's resampling).</summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private readonly short[] frame = new short[320];
    private readonly short[] decoded = new short[320];
    private IAudioEncoder encoder = null!;
    private IAudioDecoder decoder = null!;
    private byte[] payload = null!;
    private int payloadLength;

    [Params("PCMU", "G722", "L16", "opus")]
    public string Codec { get; set; } = "PCMU";

    [GlobalSetup]
    public void Setup()
    {
        var codec = CodecRegistry.Default.TryGet(Codec, out var found) ? found : throw new InvalidOperationException(Codec);
        encoder = codec.CreateEncoder();
        decoder = codec.CreateDecoder();
        payload = new byte[codec.MaxPayloadSize];
        for (var i = 0; i < frame.Length; i++)
        {
            // A voice-band chord, so the encoders work as they do on speech rather than on silence.
            frame[i] = (short)((6000 * Math.Sin(2 * Math.PI * 220 * i / 16000)) + (3000 * Math.Sin(2 * Math.PI * 1330 * i / 16000)));
        }

        payloadLength = encoder.Encode(frame, payload);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        encoder.Dispose();
        decoder.Dispose();
    }

    [Benchmark]
    public int Encode() => encoder.Encode(frame, payload);

    [Benchmark]
    public int Decode() => decoder.Decode(payload.AsSpan(0, payloadLength), decoded);

    [Benchmark]
    public int Conceal() => decoder.Conceal(default, decoded);
}
