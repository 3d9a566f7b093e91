using System.Runtime.InteropServices;
using CallCluster.Edge.Interop.Libc;

namespace CallCluster.Edge.Playout;

/// <summary>
/// Makes <see cref="ThreadPriority"/> mean something on Linux, where .NET ignores it for ordinary threads: the calling
/// thread's nice value is set instead (per thread under NPTL), so the kernel's fair scheduler gives a raised thread a
/// larger share when the machine is busy. Raising needs CAP_SYS_NICE (root, or a service with that capability);
/// without it the thread keeps its nice value and the caller is told.
/// </summary>
internal static class ThreadNice
{
    /// <summary>
    /// The nice value for <paramref name="priority"/>: Highest -10 (about nine times a normal thread's CPU share under
    /// contention; -20 is left to the operator's real-time tools), AboveNormal -5, Normal 0, BelowNormal 5, Lowest 10.
    /// </summary>
    public static int For(ThreadPriority priority) => priority switch
    {
        ThreadPriority.Highest => -10,
        ThreadPriority.AboveNormal => -5,
        ThreadPriority.BelowNormal => 5,
        ThreadPriority.Lowest => 10,
        _ => 0,
    };

    /// <summary>Sets the calling thread's nice value for <paramref name="priority"/> on Linux.</summary>
    /// <returns>Null when applied or nothing to do (not Linux, or Normal); otherwise why it was not applied.</returns>
    public static string? TryApplyToCurrentThread(ThreadPriority priority)
    {
        var nice = For(priority);
        if (!OperatingSystem.IsLinux() || nice == 0)
        {
            return null;
        }

        return LibcNative.SetPriority(LibcNative.PrioProcess, 0, nice) == 0
            ? null
            : $"setpriority({nice}) failed: {Marshal.GetLastPInvokeErrorMessage()}";
    }
}
