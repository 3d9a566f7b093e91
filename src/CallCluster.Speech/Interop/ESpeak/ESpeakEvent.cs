using System.Runtime.InteropServices;

namespace CallCluster.Speech.Interop.ESpeak;

/// <summary>espeak_EVENT (speak_lib.h); a list of them ends with type <see cref="ListTerminated"/>.</summary>
[StructLayout(LayoutKind.Sequential)]
internal struct ESpeakEvent
{
    public const int ListTerminated = 0;
    public const int MessageTerminated = 6;

    public int Type;
    public uint UniqueIdentifier;
    public int TextPosition;
    public int Length;
    public int AudioPosition;
    public int Sample;
    public IntPtr UserData;
    public IntPtr Id;
}
