using BenchmarkDotNet.Attributes;
using CallCluster.Media.Resampling;
using CallCluster.Media.Vad;

namespace CallCluster.Media.Benchmarks;

/// <summary>Per-frame DSP: espeak-ng's 22 050 Hz chunk to 16 kHz, and voice activity on a 16 kHz frame.</summary>
[MemoryDiagnoser]
public class DspBenchmarks
{
    private readonly short[] espeakChunk = new short[441];
    private readonly short[] resampled = new short[400];
    private readonly short[] frame = new short[320];
    private SpeexResampler resampler = null!;
    private VoiceActivityDetector detector = null!;

    [GlobalSetup]
    public void Setup()
    {
        resampler = new SpeexResampler(22050, 16000);
        detector = new VoiceActivityDetector();
        for (var i = 0; i < espeakChunk.Length; i++)
        {
            espeakChunk[i] = (short)(8000 * Math.Sin(2 * Math.PI * 180 * i / 22050));
        }

        for (var i = 0; i < frame.Length; i++)
        {
            frame[i] = (short)(8000 * Math.Sin(2 * Math.PI * 180 * i / 16000));
        }
    }

    [GlobalCleanup]
    public void Cleanup() => resampler.Dispose();

    [Benchmark]
    public int Resample22050To16000() => resampler.Process(espeakChunk, resampled);

    [Benchmark]
    public bool VoiceActivity() => detector.Process(frame).IsSpeech;
}
