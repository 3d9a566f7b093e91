using System.Runtime.InteropServices;

namespace CallCluster.Media.Interop.SpeexDsp;

/// <summary>speexdsp's resampler (speex/speex_resampler.h); spx_uint32_t is uint, spx_int16_t is short.</summary>
internal static unsafe partial class SpeexResamplerNative
{
    public const int Success = 0;

    static SpeexResamplerNative() => NativeLibraryResolver.Register(typeof(SpeexResamplerNative).Assembly);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_init")]
    public static partial SpeexResamplerHandle Init(uint channels, uint inputRate, uint outputRate, int quality, out int error);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_destroy")]
    public static partial void Destroy(IntPtr state);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_process_int")]
    public static partial int ProcessInt(SpeexResamplerHandle state, uint channelIndex, short* input, ref uint inputLength, short* output, ref uint outputLength);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_skip_zeros")]
    public static partial int SkipZeros(SpeexResamplerHandle state);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_reset_mem")]
    public static partial int ResetMem(SpeexResamplerHandle state);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_get_output_latency")]
    public static partial int GetOutputLatency(SpeexResamplerHandle state);

    [LibraryImport(NativeLibraryNames.SpeexDsp, EntryPoint = "speex_resampler_strerror")]
    public static partial IntPtr StrError(int error);

    public static string Describe(int error) => Marshal.PtrToStringUTF8(StrError(error)) ?? $"error {error}";
}
