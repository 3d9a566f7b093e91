using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.SpanDsp;

/// <summary>Owns a spandsp <c>g722_decode_state_t*</c>.</summary>
internal sealed class G722DecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public G722DecoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        _ = SpanDspNative.G722DecodeFree(handle);
        return true;
    }
}
