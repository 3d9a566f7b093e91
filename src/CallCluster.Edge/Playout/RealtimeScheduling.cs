using System.Runtime.InteropServices;
using CallCluster.Edge.Interop.Libc;

namespace CallCluster.Edge.Playout;

/// <summary>
/// Puts the calling thread under SCHED_FIFO, as telephony media servers do with their timing threads (FreeSWITCH -rp,
/// Asterisk -p): a raised nice value only weighs the fair scheduler's shares, so on a busy machine a woken pacing
/// thread can still wait a slice of some other thread; a real-time thread runs the moment it wakes. The thread is also
/// pinned to the last CPU the process may use, so every real-time thread shares that one and the other CPUs stay free
/// of them: after a garbage collection a thread returning to managed code yields until the runtime has restarted the
/// others, and a real-time thread's yield gives way to no ordinary thread. With real-time threads on every core, the
/// restarting thread waited for the kernel's real-time throttling (950 ms of each second) while every call was silent.
/// Needs CAP_SYS_NICE or an RLIMIT_RTPRIO allowance, and at least two CPUs.
/// </summary>
internal static class RealtimeScheduling
{
    /// <summary>Pins the calling thread to the process's last CPU and sets it to SCHED_FIFO at <paramref name="priority"/> (1–99).</summary>
    /// <returns>Null when applied; otherwise why it was not (the thread is left as it was).</returns>
    public static string? TryApplyToCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "real-time scheduling is set only on Linux";
        }

        if (LibcNative.GetAffinity(0, sizeof(ulong), out var allowed) != 0)
        {
            return $"sched_getaffinity failed: {Marshal.GetLastPInvokeErrorMessage()}";
        }

        if (ulong.PopCount(allowed) < 2)
        {
            return "real-time threads need a CPU left for the others, and this process may use only one";
        }

        var last = 1UL << (63 - (int)ulong.LeadingZeroCount(allowed));
        if (LibcNative.SetAffinity(0, sizeof(ulong), last) != 0)
        {
            return $"sched_setaffinity failed: {Marshal.GetLastPInvokeErrorMessage()}";
        }

        if (LibcNative.SetScheduler(0, LibcNative.SchedFifo, new LibcNative.SchedParam(priority)) == 0)
        {
            return null;
        }

        var refused = $"sched_setscheduler(SCHED_FIFO, {priority}) failed: {Marshal.GetLastPInvokeErrorMessage()}";
        _ = LibcNative.SetAffinity(0, sizeof(ulong), allowed);
        return refused;
    }
}
