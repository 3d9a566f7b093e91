using CallCluster.Grains.Streaming;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Grains;

/// <summary>
/// The caller input (audio frames and keys) a call's grain has not yet covered by a checkpoint, numbered in arrival
/// order from 1, so that after a failover the edge can replay it to the new activation. Bounded: past the capacity
/// the oldest input is dropped and counted. Audio lives in pooled segments (<see cref="PooledFrameQueue"/>): a turn's
/// worth of frames kept for seconds allocates nothing and gives the GC nothing to copy.
/// Not thread-safe: the session serialises access.
/// </summary>
internal sealed class CallerInputBuffer : IDisposable
{
    private readonly Entry[] _entries;
    private readonly PooledFrameQueue _audio = new();
    private int _head;
    private int _count;

    // Audio inputs numbered apart, so that an entry finds its frame in _audio: the oldest kept is _nextAudioNumber - _audio.Count.
    private long _nextAudioNumber;

    /// <param name="capacity">How many inputs are kept at most (1500 = 30 s of 20 ms frames).</param>
    public CallerInputBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _entries = new Entry[capacity];
    }

    /// <summary>The number of the newest input taken; 0 before the first.</summary>
    public long Newest { get; private set; }

    /// <summary>Every input up to this number is covered by a checkpoint.</summary>
    public long Acknowledged { get; private set; }

    /// <summary>Inputs dropped unacknowledged because the buffer was full.</summary>
    public long Dropped { get; private set; }

    /// <summary>Inputs kept.</summary>
    public int Count => _count;

    /// <summary>The number of the oldest input kept, or <see cref="Newest"/> + 1 when none is.</summary>
    public long Oldest => _count == 0 ? Newest + 1 : _entries[_head].Number;

    /// <summary>Keeps a 20 ms caller audio frame; returns its number.</summary>
    public long AddAudio(ReadOnlySpan<short> frame)
    {
        if (frame.Length != CallStreamCodec.FrameSamples)
        {
            throw new ArgumentException($"An audio frame is {CallStreamCodec.FrameSamples} samples, not {frame.Length}.", nameof(frame));
        }

        _audio.Enqueue(frame);
        return Add(new Entry(0, default, IsAudio: true));
    }

    /// <summary>Keeps a key press; returns its number.</summary>
    public long AddDigit(char digit) => Add(new Entry(0, digit, IsAudio: false));

    /// <summary>A checkpoint covers every input up to <paramref name="count"/>: they are released.</summary>
    public void Acknowledge(long count)
    {
        if (count <= Acknowledged)
        {
            return;
        }

        Acknowledged = Math.Min(count, Newest);
        while (_count > 0 && _entries[_head].Number <= Acknowledged)
        {
            RemoveOldest();
        }
    }

    /// <summary>
    /// Encodes input <paramref name="number"/> as a stream frame into <paramref name="destination"/>; false when it is
    /// no longer kept (acknowledged or dropped) or not taken yet.
    /// </summary>
    public bool TryEncode(long number, Span<byte> destination, out int length, out bool isAudio, out bool isQuiet, double quietDbfs)
    {
        length = 0;
        isAudio = false;
        isQuiet = false;
        if (_count == 0 || number < _entries[_head].Number || number > Newest)
        {
            return false;
        }

        ref readonly var entry = ref _entries[(_head + (int)(number - _entries[_head].Number)) % _entries.Length];
        if (entry.IsAudio)
        {
            var frame = _audio[(int)(entry.AudioNumber - (_nextAudioNumber - _audio.Count))];
            length = CallStreamCodec.WriteCallerAudio(number, frame, destination);
            isAudio = true;
            isQuiet = AudioLevel.Dbfs(frame) < quietDbfs;
        }
        else
        {
            length = CallStreamCodec.WriteDtmf(number, entry.Digit, destination);
        }

        return true;
    }

    /// <summary>Returns every kept frame to the pool.</summary>
    public void Dispose()
    {
        while (_count > 0)
        {
            RemoveOldest();
        }
    }

    private long Add(Entry entry)
    {
        if (_count == _entries.Length)
        {
            RemoveOldest();
            Dropped++;
        }

        var number = ++Newest;
        _entries[(_head + _count) % _entries.Length] = entry with { Number = number, AudioNumber = entry.IsAudio ? _nextAudioNumber++ : 0 };
        _count++;
        return number;
    }

    private void RemoveOldest()
    {
        ref var entry = ref _entries[_head];
        if (entry.IsAudio)
        {
            _audio.Dequeue();
        }

        entry = default;
        _head = (_head + 1) % _entries.Length;
        _count--;
    }

    /// <summary>An input; audio is the frame numbered <paramref name="AudioNumber"/> among the audio inputs.</summary>
    private readonly record struct Entry(long Number, char Digit, bool IsAudio, long AudioNumber = 0);
}
