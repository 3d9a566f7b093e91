using System.Globalization;
using CallCluster.Edge.Playout;
using CallCluster.Media.Threading;
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
    public async Task The_pacing_and_preparing_threads_run_under_sched_fifo_at_the_configured_priority()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "SCHED_FIFO is Linux's.");
        var permitted = await RealtimePermittedAsync();
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 1, RealtimePriority = 7 }), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();

        foreach (var name in new[] { "Playout pace 0", "Playout prepare" })
        {
            var expected = permitted ? (SchedFifo, 7) : (SchedOther, 0);
            await Eventually.TrueAsync(() => Threads(name).Any(t => Scheduling(t) == expected), Wait, $"{name} at (policy, priority) {expected}");
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
            () => Threads("Playout pace 0").Any(t => Scheduling(t) == (SchedOther, 0) && Nice(t) == expectedNice), Wait, "nice " + expectedNice);
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

    /// <summary>
    /// The fields of proc_pid_stat(5) after the name, for every thread whose name (cut to 15 characters by the kernel)
    /// is <paramref name="threadName"/>: index 0 is field 3 (state), so field N is at N - 3.
    /// </summary>
    private static List<string[]> Threads(string threadName)
    {
        var found = new List<string[]>();
        foreach (var task in Directory.EnumerateDirectories("/proc/self/task"))
        {
            try
            {
                if (File.ReadAllText(Path.Combine(task, "comm")).TrimEnd('\n') == threadName)
                {
                    var stat = File.ReadAllText(Path.Combine(task, "stat"));
                    found.Add(stat[(stat.LastIndexOf(')') + 2)..].Split(' '));
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
