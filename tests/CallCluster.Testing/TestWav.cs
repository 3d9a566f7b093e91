using System.Buffers.Binary;

namespace CallCluster.Testing;

/// <summary>A minimal RIFF/WAVE reader for 16-bit PCM, to read back what tools and recorders wrote.</summary>
public sealed record TestWav(int SampleRate, int Channels, short[] Samples)
{
    public static TestWav Read(string path) => Parse(File.ReadAllBytes(path), path);

    /// <summary>Reads <paramref name="bytes"/>; <paramref name="source"/> names them in errors.</summary>
    public static TestWav Parse(byte[] bytes, string source = "the bytes")
    {
        ArgumentNullException.ThrowIfNull(bytes);
        var path = source;
        if (bytes.Length < 12 || BinaryPrimitives.ReadUInt32BigEndian(bytes) != 0x52494646 || BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(8)) != 0x57415645)
        {
            throw new InvalidDataException($"{path} is not a RIFF/WAVE file.");
        }

        int sampleRate = 0, channels = 0, bits = 0;
        var offset = 12;
        while (offset + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, offset, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(offset + 4));
            var body = bytes.AsSpan(offset + 8);
            if (id == "fmt ")
            {
                channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
                bits = BinaryPrimitives.ReadInt16LittleEndian(body[14..]);
            }
            else if (id == "data")
            {
                if (bits != 16)
                {
                    throw new InvalidDataException($"{path}: {bits}-bit audio; only 16-bit is read here.");
                }

                // Tools that stream (espeak-ng) may leave the size as a placeholder: trust the file length then.
                var length = Math.Min(size < 0 ? int.MaxValue : size, bytes.Length - offset - 8);
                var samples = new short[length / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]);
                }

                return new TestWav(sampleRate, channels, samples);
            }

            offset += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    /// <summary>One channel of an interleaved file.</summary>
    public short[] Channel(int channel) => Samples.Where((_, i) => i % Channels == channel).ToArray();
}
