namespace CallCluster.Grains.Listening;

/// <summary>The last few caller frames, replayed into a recognition opened after the VAD fired. Fixed storage.</summary>
public sealed class PreRoll
{
    private readonly short[][] _frames;
    private int _next;
    private int _count;

    /// <summary>Keeps up to <paramref name="frames"/> frames of <paramref name="frameSamples"/> samples.</summary>
    public PreRoll(int frames, int frameSamples)
    {
        _frames = new short[Math.Max(frames, 0)][];
        for (var i = 0; i < _frames.Length; i++)
        {
            _frames[i] = new short[frameSamples];
        }
    }

    /// <summary>Remembers a frame, forgetting the oldest.</summary>
    public void Add(ReadOnlySpan<short> frame)
    {
        if (_frames.Length == 0)
        {
            return;
        }

        frame.CopyTo(_frames[_next]);
        _next = (_next + 1) % _frames.Length;
        _count = Math.Min(_count + 1, _frames.Length);
    }

    /// <summary>Hands the remembered frames, oldest first, to <paramref name="sink"/>.</summary>
    public void Replay(Action<ReadOnlyMemory<short>> sink)
    {
        ArgumentNullException.ThrowIfNull(sink);
        var start = (_next - _count + _frames.Length) % Math.Max(_frames.Length, 1);
        for (var i = 0; i < _count; i++)
        {
            sink(_frames[(start + i) % _frames.Length]);
        }
    }
}
