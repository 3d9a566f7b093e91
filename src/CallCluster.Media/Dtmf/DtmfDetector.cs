using CallCluster.Media.Codecs;
using CallCluster.Media.Frames;
using CallCluster.Media.Interop.SpanDsp;

namespace CallCluster.Media.Dtmf;

/// <summary>
/// Detects in-band DTMF in 16 kHz frames with spandsp's detector (dtmf_rx: Goertzel filters with twist, level
/// and duration checks), which works at 8 kHz, so frames are downsampled first. One per audio stream; not thread-safe.
/// </summary>
public sealed unsafe class DtmfDetector : IDisposable
{
    private readonly DtmfReceiverHandle handle = SpanDspNative.DtmfRxInit(IntPtr.Zero, IntPtr.Zero, IntPtr.Zero);
    private readonly NarrowbandConverter downsampler = new(AudioFormat.SampleRate, 8000);
    private readonly short[] narrow = new short[AudioFormat.SamplesPerFrameAt(8000)];

    public DtmfDetector()
    {
        if (handle.IsInvalid)
        {
            handle.Dispose();
            throw new InvalidOperationException("dtmf_rx_init failed.");
        }
    }

    /// <summary>
    /// Feeds one 20 ms frame; writes any digits completed so far into <paramref name="digits"/> and returns how many.
    /// A digit is reported once, when spandsp has confirmed it.
    /// </summary>
    public int Process(ReadOnlySpan<short> frame, Span<char> digits)
    {
        FrameChecks.RequireFrame(frame);
        downsampler.Convert(frame, narrow);
        fixed (short* samples = narrow)
        {
            _ = SpanDspNative.DtmfRx(handle, samples, narrow.Length);
        }

        Span<byte> buffer = stackalloc byte[16];
        int count;
        fixed (byte* pointer = buffer)
        {
            count = (int)SpanDspNative.DtmfRxGet(handle, pointer, Math.Min(buffer.Length - 1, digits.Length));
        }

        for (var i = 0; i < count; i++)
        {
            digits[i] = (char)buffer[i];
        }

        return count;
    }

    public void Dispose() => handle.Dispose();
}
