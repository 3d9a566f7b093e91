using System.Diagnostics;

namespace CallCluster.Testing;

/// <summary>
/// Starts a helper process (SIPp, baresip, sox, a <c>callcluster</c> node…) cut off from this test process's standard
/// input and output. xUnit v3 runs each test assembly as a process that talks to its runner over exactly those two
/// streams: a child that inherited them could read the runner's messages (baresip reads commands from stdin) or write
/// into them, and the runner then sees the test process end mid-run.
/// </summary>
public static class ChildProcess
{
    /// <summary>
    /// Starts <paramref name="start"/> with its stdin a pipe that is closed at once and its stdout and stderr redirected
    /// (read them, or let the process write little: an unread pipe blocks a chatty child).
    /// </summary>
    public static Process Start(ProcessStartInfo start)
    {
        ArgumentNullException.ThrowIfNull(start);
        start.UseShellExecute = false;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{start.FileName} did not start.");
        process.StandardInput.Close();
        return process;
    }
}
