using System.Buffers;

namespace CallCluster.Speech.Abstractions;

/// <summary>
/// A chunk of synthesised 16 kHz 16-bit mono audio in a pooled buffer. Dispose it once the samples are copied
/// out (e.g. into 20 ms frames) to return the buffer; a chunk that is not disposed is simply garbage collected.
/// </summary>
public sealed class SynthesizedAudio : IDisposable
{
    private short[]? _buffer;

    private SynthesizedAudio(short[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    /// <summary>Number of samples.</summary>
    public int Length { get; }

    /// <summary>The samples; invalid after <see cref="Dispose"/>.</summary>
    public ReadOnlyMemory<short> Samples => new(_buffer ?? throw new ObjectDisposedException(nameof(SynthesizedAudio)), 0, Length);

    /// <summary>Duration at 16 kHz.</summary>
    public TimeSpan Duration => TimeSpan.FromSeconds(Length / (double)AudioFormat.SampleRate);

    /// <summary>Wraps a buffer rented from <see cref="ArrayPool{T}.Shared"/>; the chunk takes ownership.</summary>
    internal static SynthesizedAudio FromRented(short[] rented, int length) => new(rented, length);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<short>.Shared.Return(buffer);
        }
    }
}
