using System.Buffers.Binary;

namespace CallCluster.Media.Recording;

/// <summary>
/// Streams 16-bit PCM into a RIFF/WAVE file. The header is written first with placeholder sizes and patched on
/// <see cref="Dispose"/> (the stream must be seekable for that; otherwise the sizes stay at their maximum, which
/// players read as "until the end"). Not thread-safe.
/// </summary>
public sealed class WavWriter : IDisposable
{
    private const int HeaderSize = 44;

    private readonly Stream stream;
    private readonly bool leaveOpen;
    private readonly byte[] buffer = new byte[4096];
    private long dataBytes;
    private bool disposed;

    public WavWriter(Stream stream, int sampleRate, int channels, bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        if (!stream.CanWrite)
        {
            throw new ArgumentException("The WAV stream must be writable.", nameof(stream));
        }

        this.stream = stream;
        this.leaveOpen = leaveOpen;
        SampleRate = sampleRate;
        Channels = channels;
        WriteHeader(uint.MaxValue - 8, uint.MaxValue - HeaderSize);
    }

    public int SampleRate { get; }

    public int Channels { get; }

    /// <summary>Audio written so far.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds((double)dataBytes / (2 * Channels * SampleRate));

    /// <summary>Creates (or replaces) a WAV file at <paramref name="path"/>.</summary>
    public static WavWriter Create(string path, int sampleRate, int channels) =>
        new(new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.Read, 64 * 1024), sampleRate, channels);

    /// <summary>Appends samples (interleaved when stereo); the count must be a whole number of sample frames.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        ObjectDisposedException.ThrowIf(disposed, this);
        if (samples.Length % Channels != 0)
        {
            throw new ArgumentException($"{samples.Length} samples is not a whole number of {Channels}-channel frames.", nameof(samples));
        }

        while (!samples.IsEmpty)
        {
            var count = Math.Min(samples.Length, buffer.Length / 2);
            for (var i = 0; i < count; i++)
            {
                BinaryPrimitives.WriteInt16LittleEndian(buffer.AsSpan(i * 2), samples[i]);
            }

            stream.Write(buffer, 0, count * 2);
            dataBytes += count * 2;
            samples = samples[count..];
        }
    }

    /// <summary>Patches the header sizes and closes the stream (unless left open).</summary>
    public void Dispose()
    {
        if (disposed)
        {
            return;
        }

        disposed = true;
        if (stream.CanSeek)
        {
            var end = stream.Position;
            stream.Position = 0;
            var data = (uint)Math.Min(dataBytes, uint.MaxValue - HeaderSize);
            WriteHeader(data + HeaderSize - 8, data);
            stream.Position = end;
        }

        stream.Flush();
        if (!leaveOpen)
        {
            stream.Dispose();
        }
    }

    private void WriteHeader(uint riffSize, uint dataSize)
    {
        Span<byte> header = stackalloc byte[HeaderSize];
        "RIFF"u8.CopyTo(header);
        BinaryPrimitives.WriteUInt32LittleEndian(header[4..], riffSize);
        "WAVE"u8.CopyTo(header[8..]);
        "fmt "u8.CopyTo(header[12..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[16..], 16);
        BinaryPrimitives.WriteUInt16LittleEndian(header[20..], 1);
        BinaryPrimitives.WriteUInt16LittleEndian(header[22..], (ushort)Channels);
        BinaryPrimitives.WriteUInt32LittleEndian(header[24..], (uint)SampleRate);
        BinaryPrimitives.WriteUInt32LittleEndian(header[28..], (uint)(SampleRate * Channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[32..], (ushort)(Channels * 2));
        BinaryPrimitives.WriteUInt16LittleEndian(header[34..], 16);
        "data"u8.CopyTo(header[36..]);
        BinaryPrimitives.WriteUInt32LittleEndian(header[40..], dataSize);
        stream.Write(header);
    }
}
