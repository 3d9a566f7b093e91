using System.Collections.Frozen;
using System.Reflection;
using System.Runtime.InteropServices;

namespace CallCluster.Media.Interop;

/// <summary>
/// Resolves the logical names in <see cref="NativeLibraryNames"/> to Debian's versioned sonames
/// (libopus.so.0, libspandsp.so.2, ...). A resolver is per assembly, so every assembly that declares
/// <c>[LibraryImport]</c>s calls <see cref="Register"/> once for itself (idempotent, thread-safe).
/// </summary>
public static class NativeLibraryResolver
{
    private static readonly FrozenDictionary<string, string[]> Candidates = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        [NativeLibraryNames.Opus] = ["libopus.so.0", "libopus.so", "libopus.0.dylib", "opus.dll"],
        [NativeLibraryNames.SpanDsp] = ["libspandsp.so.2", "libspandsp.so", "libspandsp.2.dylib", "spandsp.dll"],
        [NativeLibraryNames.SpeexDsp] = ["libspeexdsp.so.1", "libspeexdsp.so", "libspeexdsp.1.dylib", "speexdsp.dll"],
        [NativeLibraryNames.EspeakNg] = ["libespeak-ng.so.1", "libespeak-ng.so", "libespeak-ng.1.dylib", "espeak-ng.dll"],
        [NativeLibraryNames.PocketSphinx] = ["libpocketsphinx.so.3", "libpocketsphinx.so", "libpocketsphinx.3.dylib", "pocketsphinx.dll"],
        [NativeLibraryNames.SphinxBase] = ["libsphinxbase.so.3", "libsphinxbase.so", "libsphinxbase.3.dylib", "sphinxbase.dll"],
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly Lock Gate = new();
    private static readonly HashSet<Assembly> Registered = [];

    /// <summary>Installs the resolver for <paramref name="assembly"/> unless it is already installed.</summary>
    public static void Register(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        lock (Gate)
        {
            if (Registered.Add(assembly))
            {
                NativeLibrary.SetDllImportResolver(assembly, Resolve);
            }
        }
    }

    /// <summary>
    /// Loads a logical library by name, trying each known soname in order; throws a
    /// <see cref="DllNotFoundException"/> that names the Debian package to install when none loads.
    /// </summary>
    public static IntPtr Load(string logicalName, Assembly assembly)
    {
        var handle = Resolve(logicalName, assembly, searchPath: null);
        if (handle != IntPtr.Zero)
        {
            return handle;
        }

        throw new DllNotFoundException(
            $"Native library '{logicalName}' not found (tried {string.Join(", ", SonamesOf(logicalName))}); install it with scripts/setup.sh.");
    }

    private static IntPtr Resolve(string libraryName, Assembly assembly, DllImportSearchPath? searchPath)
    {
        foreach (var soname in SonamesOf(libraryName))
        {
            if (NativeLibrary.TryLoad(soname, assembly, searchPath, out var handle))
            {
                return handle;
            }
        }

        // Zero hands the name back to the runtime's default probing (e.g. a library next to the app).
        return IntPtr.Zero;
    }

    private static string[] SonamesOf(string libraryName) =>
        Candidates.TryGetValue(libraryName, out var sonames) ? sonames : [libraryName];
}
