using System.Runtime.InteropServices;
using CallCluster.Media.Interop;

namespace CallCluster.Speech.Interop.PocketSphinx;

/// <summary>
/// pocketsphinx 5prealpha ("0.8") and sphinxbase as Debian ships them. Configuration goes through the argv form
/// <c>cmd_ln_parse_r</c>: <c>cmd_ln_init</c> is variadic and cannot be called portably from P/Invoke.
/// </summary>
internal static unsafe partial class PocketSphinxNative
{
    static PocketSphinxNative() => NativeLibraryResolver.Register(typeof(PocketSphinxNative).Assembly);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_args")]
    public static partial IntPtr Args();

    [LibraryImport(NativeLibraryNames.SphinxBase, EntryPoint = "cmd_ln_parse_r")]
    public static partial CommandLineHandle ParseCommandLine(IntPtr previous, IntPtr definitions, int argc, IntPtr* argv, int strict);

    [LibraryImport(NativeLibraryNames.SphinxBase, EntryPoint = "cmd_ln_free_r")]
    public static partial int FreeCommandLine(IntPtr commandLine);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_init")]
    public static partial DecoderHandle Init(CommandLineHandle config);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_free")]
    public static partial int Free(IntPtr decoder);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_start_utt")]
    public static partial int StartUtterance(DecoderHandle decoder);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_process_raw")]
    public static partial int ProcessRaw(DecoderHandle decoder, short* data, nuint samples, int noSearch, int fullUtterance);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_get_in_speech")]
    public static partial byte GetInSpeech(DecoderHandle decoder);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_end_utt")]
    public static partial int EndUtterance(DecoderHandle decoder);

    /// <summary>Returns a string owned by the decoder, valid until the next call on it.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_get_hyp")]
    public static partial IntPtr GetHypothesis(DecoderHandle decoder, out int bestScore);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_get_prob")]
    public static partial int GetProbability(DecoderHandle decoder);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_get_logmath")]
    public static partial IntPtr GetLogMath(DecoderHandle decoder);

    [LibraryImport(NativeLibraryNames.SphinxBase, EntryPoint = "logmath_exp")]
    public static partial double LogMathExp(IntPtr logMath, int logValue);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_seg_iter")]
    public static partial IntPtr SegmentIterator(DecoderHandle decoder);

    /// <summary>Advances the iterator; returns null (and frees it) at the end.</summary>
    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_seg_next")]
    public static partial IntPtr SegmentNext(IntPtr segment);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_seg_word")]
    public static partial IntPtr SegmentWord(IntPtr segment);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_seg_frames")]
    public static partial void SegmentFrames(IntPtr segment, out int startFrame, out int endFrame);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_set_jsgf_string", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetJsgfString(DecoderHandle decoder, string name, string jsgf);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_set_search", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetSearch(DecoderHandle decoder, string name);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_unset_search", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int UnsetSearch(DecoderHandle decoder, string name);

    /// <returns>The new word's id, or a negative value (e.g. when the word, or that alternate, already exists).</returns>
    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_add_word", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int AddWord(DecoderHandle decoder, string word, string phones, int update);

    [LibraryImport(NativeLibraryNames.PocketSphinx, EntryPoint = "ps_get_search")]
    public static partial IntPtr GetSearch(DecoderHandle decoder);
}
