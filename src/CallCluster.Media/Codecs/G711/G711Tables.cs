using System.Runtime.CompilerServices;

namespace CallCluster.Media.Codecs.G711;

/// <summary>
/// G.711 as lookup tables: one 64 K-entry encode table per law (every 16-bit sample maps directly to its
/// code, no branches on the hot path) and one 256-entry decode table. Tables are built once from the
/// ITU-T reference algorithm (as in Sun's public-domain g711.c).
/// </summary>
public static class G711Tables
{
    private const int MuLawBias = 0x84;
    private const int MuLawClip = 32635;

    private static readonly byte[] MuLawEncodeTable = BuildEncodeTable(EncodeMuLaw);
    private static readonly byte[] ALawEncodeTable = BuildEncodeTable(EncodeALaw);
    private static readonly short[] MuLawDecodeTable = BuildDecodeTable(DecodeMuLaw);
    private static readonly short[] ALawDecodeTable = BuildDecodeTable(DecodeALaw);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Encode(G711Law law, ReadOnlySpan<short> samples, Span<byte> codes)
    {
        if (codes.Length < samples.Length)
        {
            throw new ArgumentException($"{samples.Length} samples need {samples.Length} code bytes, got {codes.Length}.", nameof(codes));
        }

        var table = law == G711Law.MuLaw ? MuLawEncodeTable : ALawEncodeTable;
        for (var i = 0; i < samples.Length; i++)
        {
            codes[i] = table[(ushort)samples[i]];
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(G711Law law, ReadOnlySpan<byte> codes, Span<short> samples)
    {
        if (samples.Length < codes.Length)
        {
            throw new ArgumentException($"{codes.Length} code bytes need {codes.Length} samples, got {samples.Length}.", nameof(samples));
        }

        var table = law == G711Law.MuLaw ? MuLawDecodeTable : ALawDecodeTable;
        for (var i = 0; i < codes.Length; i++)
        {
            samples[i] = table[codes[i]];
        }
    }

    private static byte[] BuildEncodeTable(Func<int, byte> encode)
    {
        var table = new byte[65536];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = encode((short)i);
        }

        return table;
    }

    private static short[] BuildDecodeTable(Func<byte, short> decode)
    {
        var table = new short[256];
        for (var i = 0; i < table.Length; i++)
        {
            table[i] = decode((byte)i);
        }

        return table;
    }

    private static byte EncodeMuLaw(int pcm)
    {
        var sign = (pcm >> 8) & 0x80;
        if (sign != 0)
        {
            pcm = -pcm;
        }

        pcm = Math.Min(pcm, MuLawClip) + MuLawBias;
        var exponent = Segment(pcm >> 7);
        var mantissa = (pcm >> (exponent + 3)) & 0x0F;
        return (byte)~(sign | (exponent << 4) | mantissa);
    }

    private static short DecodeMuLaw(byte code)
    {
        var u = ~code;
        var t = (((u & 0x0F) << 3) + MuLawBias) << ((u & 0x70) >> 4);
        return (short)((u & 0x80) != 0 ? MuLawBias - t : t - MuLawBias);
    }

    private static byte EncodeALaw(int pcm)
    {
        // A-law works on 13-bit magnitudes; the sign and the even-bit inversion (0x55) are applied last.
        pcm >>= 3;
        int mask;
        if (pcm >= 0)
        {
            mask = 0xD5;
        }
        else
        {
            mask = 0x55;
            pcm = -pcm - 1;
        }

        var segment = pcm < 0x20 ? 0 : Segment(pcm >> 5) + 1;
        if (segment >= 8)
        {
            return (byte)(0x7F ^ mask);
        }

        var value = segment << 4;
        value |= segment < 2 ? (pcm >> 1) & 0x0F : (pcm >> segment) & 0x0F;
        return (byte)(value ^ mask);
    }

    private static short DecodeALaw(byte code)
    {
        var a = code ^ 0x55;
        var t = (a & 0x0F) << 4;
        var segment = (a & 0x70) >> 4;
        t = segment switch
        {
            0 => t + 8,
            1 => t + 0x108,
            _ => (t + 0x108) << (segment - 1),
        };
        return (short)((a & 0x80) != 0 ? t : -t);
    }

    /// <summary>Index of the highest set bit of a value below 256, i.e. the companding segment (0 for 0 or 1).</summary>
    private static int Segment(int value)
    {
        var segment = 0;
        while (value > 1 && segment < 8)
        {
            value >>= 1;
            segment++;
        }

        return segment;
    }
}
