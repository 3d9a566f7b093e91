using System.Buffers.Binary;

namespace CallCluster.Grains.Evidence;

/// <summary>RIFF/WAVE PCM encoding and decoding, enough for evidence recordings.</summary>
public static class WavFile
{
    private const int HeaderBytes = 44;

    /// <summary>The 44-byte header of a 16-bit stereo WAV file of <paramref name="frames"/> sample pairs.</summary>
    public static byte[] StereoHeader(int frames, int sampleRate)
    {
        var dataBytes = frames * 2 * sizeof(short);
        var header = new byte[HeaderBytes];
        var span = header.AsSpan();
        "RIFF"u8.CopyTo(span);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], 36 + dataBytes);
        "WAVE"u8.CopyTo(span[8..]);
        "fmt "u8.CopyTo(span[12..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(span[20..], 1);
        BinaryPrimitives.WriteInt16LittleEndian(span[22..], 2);
        BinaryPrimitives.WriteInt32LittleEndian(span[24..], sampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(span[28..], sampleRate * 2 * sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(span[32..], 2 * sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(span[34..], 16);
        "data"u8.CopyTo(span[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(span[40..], dataBytes);
        return header;
    }

    /// <summary>
    /// Interleaves <paramref name="frames"/> sample pairs of two mono runs into 16-bit stereo WAV data, silence where a run
    /// is shorter; returns the bytes written.
    /// </summary>
    public static int Interleave(ReadOnlySpan<short> left, ReadOnlySpan<short> right, int frames, Span<byte> destination)
    {
        if (left.Length > frames || right.Length > frames || destination.Length < frames * 2 * sizeof(short))
        {
            throw new ArgumentException($"Interleaving {frames} frames needs runs no longer than that and room for both; got {left.Length} and {right.Length} samples, {destination.Length} bytes.");
        }

        for (var i = 0; i < frames; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(destination[(i * 4)..], i < left.Length ? left[i] : (short)0);
            BinaryPrimitives.WriteInt16LittleEndian(destination[((i * 4) + 2)..], i < right.Length ? right[i] : (short)0);
        }

        return frames * 2 * sizeof(short);
    }

    /// <summary>Splits a 16-bit stereo WAV file into its left and right tracks.</summary>
    public static (short[] Left, short[] Right, int SampleRate) DecodeStereo(ReadOnlySpan<byte> wav)
    {
        if (wav.Length < HeaderBytes || !wav[..4].SequenceEqual("RIFF"u8) || !wav[8..12].SequenceEqual("WAVE"u8)
            || BinaryPrimitives.ReadInt16LittleEndian(wav[22..]) != 2 || BinaryPrimitives.ReadInt16LittleEndian(wav[34..]) != 16)
        {
            throw new InvalidDataException("Not a 16-bit stereo WAV file with a plain 44-byte header.");
        }

        var sampleRate = BinaryPrimitives.ReadInt32LittleEndian(wav[24..]);
        var dataBytes = Math.Min(BinaryPrimitives.ReadInt32LittleEndian(wav[40..]), wav.Length - HeaderBytes);
        var frames = dataBytes / 4;
        var left = new short[frames];
        var right = new short[frames];
        var data = wav[HeaderBytes..];
        for (var i = 0; i < frames; i++)
        {
            left[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 4)..]);
            right[i] = BinaryPrimitives.ReadInt16LittleEndian(data[((i * 4) + 2)..]);
        }

        return (left, right, sampleRate);
    }
}
