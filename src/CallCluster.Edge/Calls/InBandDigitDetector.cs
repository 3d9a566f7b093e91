using CallCluster.Media.Dtmf;

namespace CallCluster.Edge.Calls;

/// <summary>
/// Finds in-band DTMF tones in one call's caller audio (spandsp's detector), for lines that carry no digit events: a
/// trunk without telephone-event sends the caller's key presses as sound. Frames come from the line's receive path
/// while the call may be disposed from another thread, so the native detector is only touched under a lock (one
/// uncontended lock per frame).
/// </summary>
internal sealed class InBandDigitDetector : IDisposable
{
    private readonly object _gate = new();
    private readonly DtmfDetector _detector = new();
    private bool _disposed;

    /// <summary>Feeds one 16 kHz frame; writes the digits confirmed so far into <paramref name="digits"/> and returns how many.</summary>
    public int Process(ReadOnlySpan<short> frame, Span<char> digits)
    {
        lock (_gate)
        {
            return _disposed ? 0 : _detector.Process(frame, digits);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _detector.Dispose();
            }
        }
    }
}
