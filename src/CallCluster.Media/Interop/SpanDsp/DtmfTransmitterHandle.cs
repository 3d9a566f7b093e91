using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.SpanDsp;

/// <summary>Owns a spandsp <c>dtmf_tx_state_t*</c>.</summary>
internal sealed class DtmfTransmitterHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DtmfTransmitterHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        _ = SpanDspNative.DtmfTxFree(handle);
        return true;
    }
}
