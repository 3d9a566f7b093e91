using System.Runtime.InteropServices;

namespace CallCluster.Media.Interop.Opus;

/// <summary>
/// libopus (opus/opus.h, opus_defines.h). <c>opus_encoder_ctl</c> is variadic; it is bound here with one
/// fixed int argument, which matches the variadic calling convention for integer arguments on the
/// System V x86-64 and Linux AArch64 ABIs Debian ships (not Apple's arm64, where variadics go on the stack).
/// </summary>
internal static unsafe partial class OpusNative
{
    public const int Ok = 0;
    public const int ApplicationVoip = 2048;
    public const int SetBitrateRequest = 4002;
    public const int SetComplexityRequest = 4010;
    public const int SetInbandFecRequest = 4012;
    public const int SetPacketLossPercentRequest = 4014;
    public const int SetDtxRequest = 4016;
    public const int SetSignalRequest = 4024;
    public const int SignalVoice = 3001;

    static OpusNative() => NativeLibraryResolver.Register(typeof(OpusNative).Assembly);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_encoder_create")]
    public static partial OpusEncoderHandle EncoderCreate(int sampleRate, int channels, int application, out int error);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_encoder_destroy")]
    public static partial void EncoderDestroy(IntPtr encoder);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_encoder_ctl")]
    public static partial int EncoderCtl(OpusEncoderHandle encoder, int request, int value);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_encode")]
    public static partial int Encode(OpusEncoderHandle encoder, short* pcm, int frameSize, byte* data, int maxDataBytes);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_decoder_create")]
    public static partial OpusDecoderHandle DecoderCreate(int sampleRate, int channels, out int error);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_decoder_destroy")]
    public static partial void DecoderDestroy(IntPtr decoder);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_decode")]
    public static partial int Decode(OpusDecoderHandle decoder, byte* data, int length, short* pcm, int frameSize, int decodeFec);

    [LibraryImport(NativeLibraryNames.Opus, EntryPoint = "opus_strerror")]
    public static partial IntPtr StrError(int error);

    public static string Describe(int error) => Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
}
