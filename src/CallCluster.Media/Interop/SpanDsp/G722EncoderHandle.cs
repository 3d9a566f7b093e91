using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.SpanDsp;

/// <summary>Owns a spandsp <c>g722_encode_state_t*</c>.</summary>
internal sealed class G722EncoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public G722EncoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        _ = SpanDspNative.G722EncodeFree(handle);
        return true;
    }
}
