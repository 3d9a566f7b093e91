using System.Buffers.Binary;
using System.Text;

namespace CallCluster.Edge.Tests.Support;

/// <summary>Reads a PCM WAV file back: enough of RIFF to check what a recorder wrote.</summary>
internal sealed record WavFile(int SampleRate, int Channels, short[] Samples)
{
    public static WavFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.Equal("RIFF", Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal("WAVE", Encoding.ASCII.GetString(bytes, 8, 4));
        int? sampleRate = null, channels = null;
        var position = 12;
        while (position + 8 <= bytes.Length)
        {
            var id = Encoding.ASCII.GetString(bytes, position, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(position + 4));
            var body = bytes.AsSpan(position + 8, size);
            if (id == "fmt ")
            {
                Assert.Equal(1, BinaryPrimitives.ReadInt16LittleEndian(body));
                channels = BinaryPrimitives.ReadInt16LittleEndian(body[2..]);
                sampleRate = BinaryPrimitives.ReadInt32LittleEndian(body[4..]);
            }
            else if (id == "data")
            {
                var samples = new short[size / 2];
                for (var i = 0; i < samples.Length; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(2 * i)..]);
                }

                return new WavFile(sampleRate ?? throw new InvalidDataException("data before fmt"), channels!.Value, samples);
            }

            position += 8 + size + (size & 1);
        }

        throw new InvalidDataException($"{path} has no data chunk.");
    }

    /// <summary>One channel of a stereo file.</summary>
    public short[] Channel(int channel) => Samples.Where((_, i) => i % Channels == channel).ToArray();
}
