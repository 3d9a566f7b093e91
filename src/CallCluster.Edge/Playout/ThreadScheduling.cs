using System.Runtime.InteropServices;
using CallCluster.Edge.Interop.Libc;

namespace CallCluster.Edge.Playout;

/// <summary>
/// Raises a thread's claim on the CPU on Linux. .NET ignores <see cref="ThreadPriority"/> there for ordinary threads, so
/// the thread's nice value is set instead (per thread under NPTL): the kernel's fair scheduler then gives it a larger
/// share against the other threads of its session. A real-time policy goes further and runs it ahead of every ordinary
/// thread on the host. Both need CAP_SYS_NICE (root, or a service with that capability); without it the thread keeps
/// its default and the caller is told.
/// </summary>
internal static class ThreadScheduling
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

    /// <summary>Puts the calling thread under Linux's real-time round-robin policy at <paramref name="priority"/> (1–99).</summary>
    /// <returns>Null when applied (or not Linux); otherwise why it was not applied.</returns>
    public static string? TryMakeCurrentThreadRealTime(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return null;
        }

        return LibcNative.SetCurrentThreadScheduler(LibcNative.SchedRoundRobin, priority) == 0
            ? null
            : $"sched_setscheduler(SCHED_RR, {priority}) failed: {Marshal.GetLastPInvokeErrorMessage()}";
    }

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
