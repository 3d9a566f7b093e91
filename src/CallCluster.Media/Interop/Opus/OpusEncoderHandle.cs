using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.Opus;

/// <summary>Owns an <c>OpusEncoder*</c>.</summary>
internal sealed class OpusEncoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public OpusEncoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        OpusNative.EncoderDestroy(handle);
        return true;
    }
}
