using System.Runtime.InteropServices;
using CallCluster.Media.Interop.Libc;

namespace CallCluster.Media.Threading;

/// <summary>
/// Puts the calling thread under SCHED_FIFO, as telephony media servers do with their timing threads (FreeSWITCH -rp,
/// Asterisk -p): a raised nice value only weighs the fair scheduler's shares, so on a busy machine a woken pacing
/// thread can still wait a slice of some other thread; a real-time thread runs the moment it wakes. The kernel's
/// real-time throttling (sched_rt_runtime_us, 95 % by default) keeps a runaway thread from taking a whole CPU. Needs
/// CAP_SYS_NICE or an RLIMIT_RTPRIO allowance.
/// </summary>
public static class RealtimeScheduling
{
    /// <summary>Sets the calling thread to SCHED_FIFO at <paramref name="priority"/> (1–99) on Linux.</summary>
    /// <returns>Null when applied; otherwise why it was not.</returns>
    public static string? TryApplyToCurrentThread(int priority)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "real-time scheduling is set only on Linux";
        }

        return LibcNative.SetScheduler(0, LibcNative.SchedFifo, new LibcNative.SchedParam(priority)) == 0
            ? null
            : $"sched_setscheduler(SCHED_FIFO, {priority}) failed: {Marshal.GetLastPInvokeErrorMessage()}";
    }
}
