using CallCluster.Media.Frames;

namespace CallCluster.Grains.Evidence;

/// <summary>
/// One mono track of a call's recording, held in fixed chunks of about a second from a pool shared by all calls (pinned
/// blocks, see <see cref="AudioBlockPool"/>): a long call never reallocates and copies a growing array. Chunks
/// already written to disk are released (<see cref="Release"/>), so a track holds only its unsettled seconds. Positions
/// stay counted from the start of the call. Not thread-safe: <see cref="StereoRecording"/> serialises access.
/// </summary>
internal sealed class RecordingTrack : IDisposable
{
    /// <summary>Samples per chunk: 32 KiB, 1.02 s at 16 kHz.</summary>
    public const int ChunkSamples = 16_384;

    // A track holds a few chunks at a time: 4096 idle chunks (128 MB) cover a node's calls many times over.
    private static readonly AudioBlockPool Chunks = new(ChunkSamples, maxRetained: 4096);

    private readonly List<short[]> _chunks = [];

    // Chunks before this one were released: _chunks[0] holds samples from _released * ChunkSamples on.
    private int _released;

    /// <summary>Makes <paramref name="chunks"/> idle chunks ready before calls need them.</summary>
    public static void Reserve(int chunks) => Chunks.Reserve(chunks);

    /// <summary>Samples recorded so far.</summary>
    public int Length { get; private set; }

    /// <summary>Writes <paramref name="samples"/> at <paramref name="at"/> (at or after <see cref="Length"/>), silence in between.</summary>
    public void Write(int at, ReadOnlySpan<short> samples)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(at, Length);
        Extend(at + samples.Length);
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

    /// <summary>Drops everything from <paramref name="length"/> on (never what was released).</summary>
    public void Truncate(int length) => Length = Math.Clamp(length, _released * ChunkSamples, Length);

    /// <summary>
    /// The samples stored from <paramref name="from"/> on, at most <paramref name="count"/> and never past the end of the
    /// track or of the chunk that holds <paramref name="from"/>: shorter (or empty) where the rest is silence.
    /// </summary>
    public ReadOnlySpan<short> Stored(int from, int count)
    {
        var available = Math.Clamp(Length - from, 0, count);
        return available == 0 ? [] : From(from)[..Math.Min(available, ChunkSamples - (from % ChunkSamples))];
    }

    /// <summary>
    /// Gives back the chunks wholly before <paramref name="position"/> (a multiple of <see cref="ChunkSamples"/>), whose
    /// samples are on disk. A track shorter than that is settled up to it: its <see cref="Length"/> moves there.
    /// </summary>
    public void Release(int position)
    {
        if (position % ChunkSamples != 0)
        {
            throw new ArgumentException($"Release whole chunks of {ChunkSamples} samples, not up to {position}.", nameof(position));
        }

        var settled = position / ChunkSamples;
        if (settled <= _released)
        {
            return;
        }

        var drop = Math.Min(_chunks.Count, settled - _released);
        for (var i = 0; i < drop; i++)
        {
            Chunks.Return(_chunks[i]);
        }

        _chunks.RemoveRange(0, drop);
        _released = settled;
        Length = Math.Max(Length, position);
    }

    /// <summary>Gives the chunks back to the pool; the track is empty afterwards.</summary>
    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            Chunks.Return(chunk);
        }

        _chunks.Clear();
        _released = 0;
        Length = 0;
    }

    private void Extend(int length)
    {
        while ((_released + _chunks.Count) * ChunkSamples < length)
        {
            _chunks.Add(Chunks.Rent());
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
        return _chunks[(position / ChunkSamples) - _released].AsSpan(offset, ChunkSamples - offset);
    }
}
