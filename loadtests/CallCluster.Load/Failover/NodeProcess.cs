using System.Collections.Concurrent;
using System.Diagnostics;

namespace CallCluster.Load.Failover;

/// <summary>
/// One <c>callcluster silo</c> or <c>callcluster edge</c> process of a failover run: the real binary, started with its
/// connection string in the environment (never on the command line, which any user can read), its output kept for
/// failure reports. Disposing kills it and waits for the exit; if this process exits first (Ctrl-C), every node still
/// running is killed then, so none outlives the driver.
/// </summary>
public sealed class NodeProcess : IAsyncDisposable
{
    /// <summary>Where <c>callcluster silo|edge</c> read <c>--postgres</c> from when it is not on the command line.</summary>
    public const string PostgresVariable = "CALLCLUSTER_POSTGRES";

    private const int KeptLines = 60;
    private static readonly ConcurrentDictionary<NodeProcess, byte> Running = new();

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly Lock _logGate = new();
    private readonly StreamWriter _log;
    private bool _logClosed;

    static NodeProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllRunning();

    private NodeProcess(string name, Process process, Uri http, string logPath)
    {
        Name = name;
        _process = process;
        Http = http;
        LogPath = logPath;
        _log = new StreamWriter(logPath, append: false) { AutoFlush = true };
    }

    /// <summary>"silo-1", "edge": how reports name this node.</summary>
    public string Name { get; }

    /// <summary>The node's admin API.</summary>
    public Uri Http { get; }

    public int ProcessId => _process.Id;

    /// <summary>Everything the node wrote, stdout and stderr interleaved: <c>{working directory}/{name}.log</c>.</summary>
    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the node wrote (stdout and stderr together), for failure reports.</summary>
    public IReadOnlyCollection<string> RecentOutput => _output;

    /// <summary>Starts <paramref name="launch"/> with <paramref name="arguments"/> appended in <paramref name="workingDirectory"/>; does not wait for readiness.</summary>
    public static NodeProcess Start(
        string name, NodeLaunch launch, IEnumerable<string> arguments, string connectionString, Uri http, string workingDirectory, IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(launch);
        ArgumentNullException.ThrowIfNull(arguments);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in launch.Arguments.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        start.Environment[PostgresVariable] = connectionString;
        foreach (var (variable, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[variable] = value;
        }
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var node = new NodeProcess(name, process, http, Path.Combine(workingDirectory, name + ".log"));
        process.OutputDataReceived += (_, e) => node.Keep(e.Data);
        process.ErrorDataReceived += (_, e) => node.Keep(e.Data);
        process.Start();
        Running[node] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return node;
    }

    /// <summary>kill -9: the process vanishes without a word to the cluster or its calls.</summary>
    public void Kill() => _process.Kill();

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException)
        {
            // Never started, already gone, or stuck in the kernel: nothing more this process can do about it.
        }
        finally
        {
            Running.TryRemove(this, out _);
            _process.Dispose();
            lock (_logGate)
            {
                _logClosed = true;
                _log.Dispose();
            }
        }
    }

    private static void KillAllRunning()
    {
        foreach (var node in Running.Keys)
        {
            try
            {
                node._process.Kill(entireProcessTree: true);
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone: the clean-up goes on with the others.
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_logGate)
        {
            if (!_logClosed)
            {
                _log.WriteLine(line);
            }
        }

        _output.Enqueue(line);
        while (_output.Count > KeptLines)
        {
            _output.TryDequeue(out _);
        }
    }
}
