namespace CallCluster.Media.Frames;

/// <summary>
/// One pooled 20 ms frame of internal audio (<see cref="AudioFormat.SamplesPerFrame"/> samples). Rent it
/// with <see cref="Rent"/> and dispose it to hand the buffer back; touching a returned frame throws,
/// because a recycled buffer silently shared by two owners would mix two calls' audio.
/// </summary>
public sealed class AudioFrame : IDisposable
{
    private readonly short[] samples = new short[AudioFormat.SamplesPerFrame];
    private readonly AudioFramePool owner;
    private int rented;

    internal AudioFrame(AudioFramePool owner) => this.owner = owner;

    /// <summary>The 320 samples. Valid until the frame is disposed.</summary>
    public Span<short> Samples
    {
        get
        {
            ThrowIfReturned();
            return samples;
        }
    }

    /// <summary>Rents a frame from <see cref="AudioFramePool.Shared"/>; its samples are zero.</summary>
    public static AudioFrame Rent() => AudioFramePool.Shared.Rent();

    /// <summary>Rents a frame holding a copy of <paramref name="source"/> (exactly one frame of samples).</summary>
    public static AudioFrame CopyOf(ReadOnlySpan<short> source)
    {
        if (source.Length != AudioFormat.SamplesPerFrame)
        {
            throw new ArgumentException($"A frame holds {AudioFormat.SamplesPerFrame} samples, got {source.Length}.", nameof(source));
        }

        var frame = AudioFramePool.Shared.Rent(clear: false);
        source.CopyTo(frame.samples);
        return frame;
    }

    /// <summary>Returns the frame to its pool. Idempotent.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref rented, 0) == 1)
        {
            owner.Return(this);
        }
    }

    internal void MarkRented(bool clear)
    {
        if (clear)
        {
            Array.Clear(samples);
        }

        Volatile.Write(ref rented, 1);
    }

    private void ThrowIfReturned()
    {
        if (Volatile.Read(ref rented) == 0)
        {
            throw new ObjectDisposedException(nameof(AudioFrame), "The frame was returned to its pool.");
        }
    }
}
