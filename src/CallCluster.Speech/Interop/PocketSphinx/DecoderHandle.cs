using Microsoft.Win32.SafeHandles;

namespace CallCluster.Speech.Interop.PocketSphinx;

/// <summary>A <c>ps_decoder_t</c>.</summary>
internal sealed class DecoderHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DecoderHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        PocketSphinxNative.Free(handle);
        return true;
    }
}
