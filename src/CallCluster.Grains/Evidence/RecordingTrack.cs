using System.Buffers;

namespace CallCluster.Grains.Evidence;

/// <summary>
/// One mono track of a call's recording, held in fixed chunks of about a second from a pool shared by all calls. A long
/// call never reallocates and copies a growing array, and no chunk is big enough for the large-object heap: those
/// allocations trigger full garbage collections (with tracks as growing arrays, `bench calls` reported full
/// collections for large-object allocation at 16 calls). Not thread-safe: <see cref="StereoRecording"/> serialises access.
/// </summary>
internal sealed class RecordingTrack : IDisposable
{
    /// <summary>Samples per chunk: 32 KiB, well under the large-object threshold (85 000 bytes).</summary>
    public const int ChunkSamples = 16_384;

    // Retains what about 100 calls' recordings hold at once, so a steady stream of calls allocates nothing.
    private static readonly ArrayPool<short> Chunks = ArrayPool<short>.Create(ChunkSamples, maxArraysPerBucket: 4096);

    private readonly List<short[]> _chunks = [];

    /// <summary>Samples recorded so far.</summary>
    public int Length { get; private set; }

    /// <summary>Writes <paramref name="samples"/> at <paramref name="at"/> (at or after <see cref="Length"/>), silence in between.</summary>
    public void Write(int at, ReadOnlySpan<short> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(at, Length);
        Reserve(at + samples.Length);
        Silence(Length, at - Length);
        for (var done = 0; done < samples.Length;)
        {
            var chunk = From(at + done);
            var count = Math.Min(chunk.Length, samples.Length - done);
            samples.Slice(done, count).CopyTo(chunk);
            done += count;
        }

        Length = at + samples.Length;
    }

    /// <summary>Drops everything from <paramref name="length"/> on.</summary>
    public void Truncate(int length) => Length = Math.Clamp(length, 0, Length);

    /// <summary>Copies samples from <paramref name="from"/> into <paramref name="destination"/>; silence past the end.</summary>
    public void CopyTo(int from, Span<short> destination)
    {
        var available = Math.Clamp(Length - from, 0, destination.Length);
        for (var done = 0; done < available;)
        {
            var chunk = From(from + done);
            var count = Math.Min(chunk.Length, available - done);
            chunk[..count].CopyTo(destination[done..]);
            done += count;
        }

        destination[available..].Clear();
    }

    /// <summary>Gives the chunks back to the pool; the track is empty afterwards.</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            Chunks.Return(chunk);
        }

        _chunks.Clear();
        Length = 0;
    }

    private void Reserve(int length)
    {
        while (_chunks.Count * ChunkSamples < length)
        {
            _chunks.Add(Chunks.Rent(ChunkSamples));
        }
    }

    // Pooled chunks come back holding another call's audio: a gap must be written as silence.
    private void Silence(int from, int count)
    {
        for (var done = 0; done < count;)
        {
            var chunk = From(from + done);
            var run = Math.Min(chunk.Length, count - done);
            chunk[..run].Clear();
            done += run;
        }
    }

    /// <summary>The rest of the chunk that holds <paramref name="position"/>, from there on.</summary>
    private Span<short> From(int position)
    {
        var offset = position % ChunkSamples;
        return _chunks[position / ChunkSamples].AsSpan(offset, ChunkSamples - offset);
    }
}
