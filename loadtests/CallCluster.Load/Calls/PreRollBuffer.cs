using CallCluster.Media.Frames;

namespace CallCluster.Load.Calls;

/// <summary>The last few frames heard, so an utterance's recognition can start just before the VAD was sure of it.</summary>
internal sealed class PreRollBuffer
{
    private readonly short[][] _frames;
    private int _next;
    private int _count;

    public PreRollBuffer(int frames)
    {
        _frames = new short[Math.Max(1, frames)][];
        for (var i = 0; i < _frames.Length; i++)
        {
            _frames[i] = new short[AudioFormat.SamplesPerFrame];
        }
    }

    public void Add(ReadOnlySpan<short> frame)
    {
        frame.CopyTo(_frames[_next]);
        _next = (_next + 1) % _frames.Length;
        _count = Math.Min(_count + 1, _frames.Length);
    }

    /// <summary>Pushes the kept frames, oldest first, into <paramref name="capture"/>.</summary>
    public void CopyTo(UtteranceCapture capture)
    {
        var first = (_next - _count + _frames.Length) % _frames.Length;
        for (var i = 0; i < _count; i++)
        {
            capture.Push(_frames[(first + i) % _frames.Length]);
        }
    }
}
