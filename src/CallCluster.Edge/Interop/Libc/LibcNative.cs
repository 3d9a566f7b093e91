using System.Runtime.InteropServices;

namespace CallCluster.Edge.Interop.Libc;

/// <summary>
/// The few glibc calls the edge needs. Named by glibc's soname directly: it has been libc.so.6 since 1997 on every
/// Linux, and the unversioned libc.so is a linker script that only the -dev package installs.
/// </summary>
internal static partial class LibcNative
{
    /// <summary>setpriority(2) which: the calling process, which on Linux (NPTL) with who = 0 means the calling thread.</summary>
    public const int PrioProcess = 0;

    /// <summary>setpriority(2): sets the nice value (-20 highest … 19 lowest) of <paramref name="who"/>; 0 on success.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "setpriority", SetLastError = true)]
    public static partial int SetPriority(int which, uint who, int niceValue);

    /// <summary>SCHED_FIFO: a real-time thread runs as soon as it is runnable, ahead of every ordinary thread.</summary>
    public const int SchedFifo = 1;

    /// <summary>
    /// sched_setscheduler(2); with <paramref name="pid"/> 0 it sets the calling thread's policy (Linux schedules threads,
    /// not processes); 0 on success.
    /// </summary>
    [LibraryImport("libc.so.6", EntryPoint = "sched_setscheduler", SetLastError = true)]
    public static partial int SetScheduler(int pid, int policy, in SchedParam parameters);

    /// <summary>
    /// sched_getaffinity(2) for the first 64 CPUs (a cpu_set_t cut to one word, which the kernel accepts); with
    /// <paramref name="pid"/> 0 the calling thread's; 0 on success.
    /// </summary>
    [LibraryImport("libc.so.6", EntryPoint = "sched_getaffinity", SetLastError = true)]
    public static partial int GetAffinity(int pid, nuint size, out ulong mask);

    /// <summary>sched_setaffinity(2) for the first 64 CPUs; with <paramref name="pid"/> 0 the calling thread's; 0 on success.</summary>
    [LibraryImport("libc.so.6", EntryPoint = "sched_setaffinity", SetLastError = true)]
    public static partial int SetAffinity(int pid, nuint size, in ulong mask);

    /// <summary>struct sched_param.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly record struct SchedParam(int Priority);
}
