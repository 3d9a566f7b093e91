namespace CallCluster.Speech.ESpeak;

/// <summary>
/// The audio of recently spoken texts, least recently used dropped first, bounded by total samples. An agent repeats
/// its template sentences ("Anything else?") across calls, and espeak speaks one text at a time for the whole process,
/// so without this every call's repeat of a sentence queues behind the other calls' syntheses.
/// </summary>
internal sealed class SynthesisCache
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, LinkedListNode<Entry>> _entries = new(StringComparer.Ordinal);
    private readonly LinkedList<Entry> _recency = new();
    private readonly long _capacitySamples;
    private long _samples;

    public SynthesisCache(long capacitySamples)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(capacitySamples);
        _capacitySamples = capacitySamples;
    }

    /// <summary>Samples held now (16 kHz).</summary>
    public long Samples
    {
        get
        {
            lock (_gate)
            {
                return _samples;
            }
        }
    }

    /// <summary>The cached audio of <paramref name="key"/>, marked as most recently used; never modify it.</summary>
    public bool TryGet(string key, out short[] audio)
    {
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var node))
            {
                _recency.Remove(node);
                _recency.AddFirst(node);
                audio = node.Value.Audio;
                return true;
            }
        }

        audio = [];
        return false;
    }

    /// <summary>Keeps <paramref name="audio"/> (taken over, not copied), dropping the least recently used to make room.</summary>
    public void Add(string key, short[] audio)
    {
        if (audio.Length == 0 || audio.Length > _capacitySamples)
        {
            return;
        }

        lock (_gate)
        {
            if (_entries.ContainsKey(key))
            {
                return;
            }

            while (_samples + audio.Length > _capacitySamples && _recency.Last is { } oldest)
            {
                _recency.RemoveLast();
                _entries.Remove(oldest.Value.Key);
                _samples -= oldest.Value.Audio.Length;
            }

            _entries[key] = _recency.AddFirst(new Entry(key, audio));
            _samples += audio.Length;
        }
    }

    private sealed record Entry(string Key, short[] Audio);
}
