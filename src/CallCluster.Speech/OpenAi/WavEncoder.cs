using System.Buffers.Binary;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.OpenAi;

/// <summary>Writes 16 kHz 16-bit mono PCM as a RIFF/WAVE file, the upload format every transcription API accepts.</summary>
internal static class WavEncoder
{
    public const int HeaderBytes = 44;

    public static byte[] Encode(ReadOnlySpan<short> samples)
    {
        var dataBytes = samples.Length * sizeof(short);
        var wav = new byte[HeaderBytes + dataBytes];
        var header = wav.AsSpan();
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header[4..], 36 + dataBytes);
        "WAVEfmt "u8.CopyTo(header[8..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteInt16LittleEndian(header[20..], 1); // PCM
        BinaryPrimitives.WriteInt16LittleEndian(header[22..], 1); // mono
        BinaryPrimitives.WriteInt32LittleEndian(header[24..], AudioFormat.SampleRate);
        BinaryPrimitives.WriteInt32LittleEndian(header[28..], AudioFormat.SampleRate * sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(header[32..], sizeof(short));
        BinaryPrimitives.WriteInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteInt32LittleEndian(header[40..], dataBytes);
        var data = header[HeaderBytes..];
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(data[(i * 2)..], samples[i]);
        }

        return wav;
    }
}
