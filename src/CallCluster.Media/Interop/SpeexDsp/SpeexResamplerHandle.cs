using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.SpeexDsp;

/// <summary>Owns a <c>SpeexResamplerState*</c>; released with <c>speex_resampler_destroy</c>.</summary>
internal sealed class SpeexResamplerHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public SpeexResamplerHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        SpeexResamplerNative.Destroy(handle);
        return true;
    }
}
