using System.Runtime.InteropServices;
using CallCluster.Media.Interop;

namespace CallCluster.Speech.Interop.ESpeak;

/// <summary>
/// espeak-ng's classic API (speak_lib.h). The library keeps one global synthesiser per process, so it has no
/// native objects (hence no SafeHandles) and every call must come from <see cref="ESpeak.ESpeakEngine"/>'s thread.
/// </summary>
internal static unsafe partial class ESpeakNative
{
    /// <summary>AUDIO_OUTPUT_RETRIEVAL: audio goes to the synth callback, synthesis runs on espeak's own thread.</summary>
    public const int AudioOutputRetrieval = 1;

    public const int InitializeDontExit = 0x8000;
    public const int CharactersUtf8 = 1;

    /// <summary>espeakENDPAUSE: end the text with a sentence pause rather than cutting off at the last sample.</summary>
    public const int EndPause = 0x1000;
    public const int PositionCharacter = 1;
    public const int ParameterRate = 1;
    public const int ParameterPitch = 3;
    public const int Ok = 0;

    static ESpeakNative() => NativeLibraryResolver.Register(typeof(ESpeakNative).Assembly);

    /// <returns>The output sample rate in Hz (22 050), or -1.</returns>
    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_Initialize", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int Initialize(int output, int bufferMilliseconds, string? dataPath, int options);

    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_SetSynthCallback")]
    public static partial void SetSynthCallback(delegate* unmanaged[Cdecl]<short*, int, ESpeakEvent*, int> callback);

    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_Synth")]
    public static partial int Synth(byte* text, nuint size, uint position, int positionType, uint endPosition, uint flags, uint* uniqueIdentifier, IntPtr userData);

    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_SetVoiceByName", StringMarshalling = StringMarshalling.Utf8)]
    public static partial int SetVoiceByName(string name);

    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_SetParameter")]
    public static partial int SetParameter(int parameter, int value, int relative);

    /// <summary>Waits until espeak's thread has finished everything queued (including the last callbacks).</summary>
    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_Synchronize")]
    public static partial int Synchronize();

    /// <summary>Stops the synthesis in progress and waits until espeak's thread has stopped calling back.</summary>
    [LibraryImport(NativeLibraryNames.EspeakNg, EntryPoint = "espeak_Cancel")]
    public static partial int Cancel();
}
