namespace CallCluster.Media.Interop;

/// <summary>
/// Logical library names used in <c>[LibraryImport]</c>. <see cref="NativeLibraryResolver"/> maps them to the
/// versioned sonames Debian installs (the unversioned .so symlinks only come with the -dev packages).
/// </summary>
public static class NativeLibraryNames
{
    public const string Opus = "opus";
    public const string SpanDsp = "spandsp";
    public const string SpeexDsp = "speexdsp";
    public const string EspeakNg = "espeak-ng";
    public const string PocketSphinx = "pocketsphinx";
    public const string SphinxBase = "sphinxbase";
}
