using CallCluster.Media.Resampling;
using CallCluster.Media.Tests.Support;

namespace CallCluster.Media.Tests.Resampling;

public sealed class SpeexResamplerTests
{
    [Fact]
    public void Upsample_then_downsample_8k_keeps_a_1kHz_tone()
    {
        var input = Signals.Sine(1000, 8000, 8000);
        using var up = new SpeexResampler(8000, 16000);
        using var down = new SpeexResampler(16000, 8000);

        var wide = StreamInChunks(up, input, chunk: 160);
        var back = StreamInChunks(down, wide, chunk: 320);

        // Streaming conversion only delays the stream by the filter latency; lengths follow the rate ratio.
        Assert.InRange(wide.Length, 16000 - 64, 16000);
        Assert.InRange(back.Length, 8000 - 64, 8000);

        // Skip the filters' ramp-up (100 ms) before measuring.
        Assert.True(SineFit.SnrDb(wide.AsSpan(1600), 1000, 16000) > 40, "16 kHz intermediate should carry the 1 kHz tone at > 40 dB SNR");
        var snr = SineFit.SnrDb(back.AsSpan(800), 1000, 8000);
        Assert.True(snr > 40, $"8k -> 16k -> 8k SNR {snr:0.0} dB should exceed 40 dB");
        Assert.InRange(SineFit.Amplitude(back.AsSpan(800), 1000, 8000), 9_500, 10_500);
    }

    [Theory]
    [InlineData(440)]
    [InlineData(3000)]
    public void Converts_espeak_22050_Hz_to_16_kHz_keeping_the_frequency(double frequency)
    {
        var input = Signals.Sine(frequency, 22050, 22050);
        using var resampler = new SpeexResampler(22050, 16000);

        var output = StreamInChunks(resampler, input, chunk: 441);

        Assert.InRange(output.Length, 16000 - 64, 16000);
        var snr = SineFit.SnrDb(output.AsSpan(1600), frequency, 16000);
        Assert.True(snr > 40, $"22050 -> 16000 SNR at {frequency} Hz was {snr:0.0} dB, expected > 40 dB");

        // A wrong ratio would move the tone: fitting at a frequency 2% off must do far worse.
        var offSnr = SineFit.SnrDb(output.AsSpan(1600), frequency * 1.02, 16000);
        Assert.True(offSnr < 10, $"fit at a 2% wrong frequency gave {offSnr:0.0} dB");
    }

    [Fact]
    public void Downsampling_removes_content_above_the_new_Nyquist_frequency()
    {
        // 6 kHz cannot exist at 8 kHz; without the anti-alias filter it would fold to 2 kHz.
        var input = Signals.Sine(6000, 16000, 16000);
        using var resampler = new SpeexResampler(16000, 8000);

        var output = StreamInChunks(resampler, input, chunk: 320);

        Assert.True(SineFit.Amplitude(output.AsSpan(800), 2000, 8000) < 100, "aliased 2 kHz component should be suppressed");
    }

    [Fact]
    public void Rejects_an_output_buffer_that_could_not_hold_all_the_input()
    {
        using var resampler = new SpeexResampler(8000, 16000);
        var input = new short[160];
        var output = new short[resampler.GetMaxOutputLength(160) - 1];

        var error = Assert.Throws<ArgumentException>(() => resampler.Process(input, output));
        Assert.Contains("needs up to", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, 16000, 5)]
    [InlineData(8000, -1, 5)]
    [InlineData(8000, 16000, 11)]
    public void Rejects_invalid_configuration(int inputRate, int outputRate, int quality) =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new SpeexResampler(inputRate, outputRate, quality));

    [Fact]
    public void Throws_after_dispose()
    {
        var resampler = new SpeexResampler(8000, 16000);
        resampler.Dispose();

        Assert.Throws<ObjectDisposedException>(() => resampler.Process(new short[160], new short[400]));
    }

    private static short[] StreamInChunks(SpeexResampler resampler, short[] input, int chunk)
    {
        var output = new List<short>();
        var buffer = new short[resampler.GetMaxOutputLength(chunk)];
        for (var offset = 0; offset < input.Length; offset += chunk)
        {
            var length = Math.Min(chunk, input.Length - offset);
            var written = resampler.Process(input.AsSpan(offset, length), buffer);
            output.AddRange(buffer.AsSpan(0, written));
        }

        return [.. output];
    }
}
