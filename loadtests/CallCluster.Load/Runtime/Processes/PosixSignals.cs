using System.ComponentModel;
using System.Runtime.InteropServices;

namespace CallCluster.Load.Runtime.Processes;

/// <summary>
/// kill(2) for the signals .NET has no API for: SIGSTOP freezes a silo process exactly as a stuck host would
/// (its sockets stay open, it answers nothing), SIGCONT lets it run again. Process.Kill already sends SIGKILL.
/// </summary>
internal static partial class PosixSignals
{
    // Linux numbering (x86-64 and arm64 agree); the benchmark runs silo processes only on Linux.
    public const int SigCont = 18;
    public const int SigStop = 19;

    public static void Send(int processId, int signal)
    {
        if (Kill(processId, signal) != 0)
        {
            throw new Win32Exception(Marshal.GetLastPInvokeError(), $"kill({processId}, {signal}) failed.");
        }
    }

    [LibraryImport("libc.so.6", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int sig);
}
