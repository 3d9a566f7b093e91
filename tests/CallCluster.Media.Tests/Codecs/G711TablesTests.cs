using System.Diagnostics;
using System.Runtime.InteropServices;
using CallCluster.Media.Codecs.G711;
using CallCluster.Testing;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Media.Tests.Codecs;

public sealed class G711TablesTests
{
    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Every_code_decodes_to_a_value_that_encodes_back_to_it(G711Law law)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        var samples = new short[256];
        var again = new byte[256];

        G711Tables.Decode(law, codes, samples);
        G711Tables.Encode(law, samples, again);

        for (var code = 0; code < 256; code++)
        {
            // µ-law has two zeros (0x7F and 0xFF); encoding 0 picks 0xFF.
            var expected = law == G711Law.MuLaw && code == 0x7F ? 0xFF : code;
            Assert.Equal(expected, again[code]);
        }
    }

    [Theory]
    [InlineData(G711Law.MuLaw)]
    [InlineData(G711Law.ALaw)]
    public void Quantisation_error_stays_within_half_a_step_of_the_segment(G711Law law) =>
        Prop.ForAll<short>(sample =>
        {
            Span<byte> code = stackalloc byte[1];
            Span<short> decoded = stackalloc short[1];
            G711Tables.Encode(law, [sample], code);
            G711Tables.Decode(law, code, decoded);

            // Segment steps double every octave: the error is at most ~1/16 of the magnitude, plus the
            // smallest step near zero, and clipping above 32 124 (µ-law) / 32 256 (A-law).
            var magnitude = Math.Min(Math.Abs((int)sample), 32_000);
            var allowed = (magnitude / 16.0) + 16;
            return Math.Abs(decoded[0] - Math.Clamp((int)sample, -32_000, 32_000)) <= allowed + (Math.Abs((int)sample) > 32_000 ? 800 : 0);
        }).QuickCheckThrowOnFailure();

    // sox rounds 16-bit samples to the law's 14/13-bit input where the reference algorithm truncates, so the
    // comparison uses samples on that grid (multiples of 4 for µ-law, 8 for A-law), where both agree.
    [Theory]
    [Trait("Category", TestCategories.Audio)]
    [InlineData(G711Law.MuLaw, "u-law", 4)]
    [InlineData(G711Law.ALaw, "a-law", 8)]
    public void Encoding_matches_sox_bit_for_bit(G711Law law, string soxEncoding, int step)
    {
        var samples = Enumerable.Range(short.MinValue / step, 65536 / step).Select(i => (short)(i * step)).ToArray();

        var expected = Sox(MemoryMarshal.AsBytes(samples.AsSpan()).ToArray(), ["-e", "signed", "-b", "16"], ["-e", soxEncoding]);
        var actual = new byte[samples.Length];
        G711Tables.Encode(law, samples, actual);

        Assert.Equal(expected, actual);
    }

    [Theory]
    [Trait("Category", TestCategories.Audio)]
    [InlineData(G711Law.MuLaw, "u-law")]
    [InlineData(G711Law.ALaw, "a-law")]
    public void Decoding_matches_sox(G711Law law, string soxEncoding)
    {
        var codes = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();

        var expected = MemoryMarshal.Cast<byte, short>(Sox(codes, ["-e", soxEncoding], ["-e", "signed", "-b", "16"])).ToArray();
        var actual = new short[256];
        G711Tables.Decode(law, codes, actual);

        Assert.Equal(expected, actual);
    }

    private static byte[] Sox(byte[] input, string[] inputFormat, string[] outputFormat)
    {
        var inputPath = Path.GetTempFileName();
        var outputPath = Path.GetTempFileName();
        try
        {
            File.WriteAllBytes(inputPath, input);
            RunSox(["-D", "-t", "raw", "-r", "8000", "-c", "1", .. inputFormat, inputPath, "-t", "raw", .. outputFormat, outputPath]);
            return File.ReadAllBytes(outputPath);
        }
        finally
        {
            File.Delete(inputPath);
            File.Delete(outputPath);
        }
    }

    private static void RunSox(params string[] arguments)
    {
        using var process = ChildProcess.Start(new ProcessStartInfo("sox", arguments));
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(60)), "sox did not finish in 60 s");
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}
