using Microsoft.Win32.SafeHandles;

namespace CallCluster.Media.Interop.SpanDsp;

/// <summary>Owns a spandsp <c>dtmf_rx_state_t*</c>.</summary>
internal sealed class DtmfReceiverHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public DtmfReceiverHandle()
        : base(ownsHandle: true)
    {
    }

    protected override bool ReleaseHandle()
    {
        _ = SpanDspNative.DtmfRxFree(handle);
        return true;
    }
}
