using System.Globalization;
using CallCluster.Edge.Playout;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Playout;

/// <summary>
/// What the kernel says about the running scheduler's threads (/proc/self/task/TID/stat): real-time when permitted,
/// else the nice value. Tests run as root in CI, where both are permitted; elsewhere the refusal is what is checked.
/// Other tests' schedulers run alongside with threads of the same names, so each test configures a priority no other
/// scheduler uses and looks for a thread of that name that has it.
/// </summary>
public sealed class PlayoutThreadSchedulingTests
{
    private const int SchedOther = 0;
    private const int SchedFifo = 1;
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact]
    public async Task The_pacing_and_preparing_threads_run_under_sched_fifo_on_one_cpu_pacing_above_preparing()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "SCHED_FIFO is Linux's.");
        var permitted = await RealtimePermittedAsync();
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 1, RealtimePriority = 7 }), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();

        foreach (var (name, priority) in new[] { ("Playout pace 0", 8), ("Playout prepare", 7) })
        {
            var expected = permitted ? (SchedFifo, priority) : (SchedOther, 0);
            await Eventually.TrueAsync(
                () => Threads(name).Any(t => Scheduling(t.Stat) == expected && (!permitted || IsOneCpu(t.AllowedCpus))),
                Wait,
                $"{name} at (policy, priority) {expected}{(permitted ? ", pinned to one CPU" : string.Empty)}");
        }
    }

    [Fact]
    public async Task With_real_time_off_the_threads_get_the_nice_value_of_their_thread_priority()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "nice values are applied on Linux only.");
        var permitted = await RealtimePermittedAsync();
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 1, RealtimePriority = 0, ThreadPriority = ThreadPriority.AboveNormal }),
            TimeProvider.System,
            NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();

        // Raising priority needs the same capability as real time.
        var expectedNice = permitted ? ThreadNice.For(ThreadPriority.AboveNormal) : 0;
        await Eventually.TrueAsync(
            () => Threads("Playout pace 0").Any(t => Scheduling(t.Stat) == (SchedOther, 0) && Nice(t.Stat) == expectedNice), Wait, "nice " + expectedNice);
    }

    /// <summary>Whether this process may use real-time scheduling, found on a throwaway thread.</summary>
    private static Task<bool> RealtimePermittedAsync()
    {
        var result = new TaskCompletionSource<bool>();
        var probe = new Thread(() => result.SetResult(RealtimeScheduling.TryApplyToCurrentThread(1) is null)) { IsBackground = true };
        probe.Start();
        return result.Task.WaitAsync(Wait);
    }

    private static (int Policy, int Priority) Scheduling(string[] stat) =>
        (int.Parse(stat[38], CultureInfo.InvariantCulture), int.Parse(stat[37], CultureInfo.InvariantCulture));

    private static int Nice(string[] stat) => int.Parse(stat[16], CultureInfo.InvariantCulture);

    /// <summary>A Cpus_allowed_list naming one CPU ("1"), not a list or a range ("0-1", "0,2").</summary>
    private static bool IsOneCpu(string allowed) => allowed.Length > 0 && allowed.All(char.IsAsciiDigit);

    /// <summary>
    /// For every thread whose name (cut to 15 characters by the kernel) is <paramref name="threadName"/>: the fields of
    /// proc_pid_stat(5) after the name (index 0 is field 3, state, so field N is at N - 3) and the CPUs it may run on
    /// (Cpus_allowed_list of proc_pid_status(5)).
    /// </summary>
    private static List<(string[] Stat, string AllowedCpus)> Threads(string threadName)
    {
        var found = new List<(string[], string)>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName)
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    var allowed = File.ReadLines(Path.Combine(task, "status"))
                        .FirstOrDefault(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal))?["Cpus_allowed_list:".Length..].Trim() ?? string.Empty;
                    found.Add((stat[(stat.LastIndexOf(')') + 2)..].Split(' '), allowed));
                }
            }
            catch (IOException)
            {
                // The thread ended between listing and reading.
            }
        }

        return found;
    }
}
