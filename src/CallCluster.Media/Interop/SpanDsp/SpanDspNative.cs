using System.Runtime.InteropServices;

namespace CallCluster.Media.Interop.SpanDsp;

/// <summary>
/// spandsp entry points (spandsp/g722.h, dtmf.h). Every <c>*_init(NULL, ...)</c> allocates the state
/// and the matching <c>*_free</c> releases it; the handles below pair them.
/// </summary>
internal static unsafe partial class SpanDspNative
{
    /// <summary>G.722 option flag absent: 16 kHz audio, one byte per two samples at 64 kbit/s.</summary>
    public const int G722Options16KhzUnpacked = 0;

    static SpanDspNative() => NativeLibraryResolver.Register(typeof(SpanDspNative).Assembly);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_encode_init")]
    public static partial G722EncoderHandle G722EncodeInit(IntPtr state, int rate, int options);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_encode_free")]
    public static partial int G722EncodeFree(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_encode")]
    public static partial int G722Encode(G722EncoderHandle state, byte* g722Data, short* amp, int length);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_decode_init")]
    public static partial G722DecoderHandle G722DecodeInit(IntPtr state, int rate, int options);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_decode_free")]
    public static partial int G722DecodeFree(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "g722_decode")]
    public static partial int G722Decode(G722DecoderHandle state, short* amp, byte* g722Data, int length);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx_init")]
    public static partial DtmfReceiverHandle DtmfRxInit(IntPtr state, IntPtr callback, IntPtr userData);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx_free")]
    public static partial int DtmfRxFree(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx_parms")]
    public static partial void DtmfRxParms(DtmfReceiverHandle state, int filterDialTone, int twist, int reverseTwist, int threshold);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx")]
    public static partial int DtmfRx(DtmfReceiverHandle state, short* amp, int samples);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx_status")]
    public static partial int DtmfRxStatus(DtmfReceiverHandle state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_rx_get")]
    public static partial nuint DtmfRxGet(DtmfReceiverHandle state, byte* digits, int max);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx_init")]
    public static partial DtmfTransmitterHandle DtmfTxInit(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx_free")]
    public static partial int DtmfTxFree(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx_put")]
    public static partial int DtmfTxPut(DtmfTransmitterHandle state, byte* digits, int length);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx_set_level")]
    public static partial void DtmfTxSetLevel(DtmfTransmitterHandle state, int level, int twist);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx_set_timing")]
    public static partial void DtmfTxSetTiming(DtmfTransmitterHandle state, int onTimeMs, int offTimeMs);

    [LibraryImport(NativeLibraryNames.SpanDsp, EntryPoint = "dtmf_tx")]
    public static partial int DtmfTx(DtmfTransmitterHandle state, short* amp, int maxSamples);
}
