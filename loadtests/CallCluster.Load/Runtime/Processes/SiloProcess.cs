using System.Collections.Concurrent;
using System.Diagnostics;

namespace CallCluster.Load.Runtime.Processes;

/// <summary>
/// One benchmark silo running in its own process. It prints <c>ready &lt;silo address&gt;</c> once Active,
/// and exits when its standard input closes, so it cannot outlive this handle even if the benchmark
/// process itself is killed. Disposing kills it (after SIGCONT if it was frozen) and waits for the exit;
/// if this process exits without disposing (Ctrl-C cut short), every silo still running is killed then.
/// </summary>
public sealed class SiloProcess : IAsyncDisposable
{
    public const string ConnectionStringVariable = "CALLCLUSTER_BENCH_POSTGRES";
    private const int KeptErrorLines = 40;

    private static readonly ConcurrentDictionary<SiloProcess, byte> Running = new();

    private readonly Process _process;
    private readonly TaskCompletionSource<string> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentQueue<string> _errors = new();
    private volatile bool _frozen;

    static SiloProcess() => AppDomain.CurrentDomain.ProcessExit += (_, _) => KillAllRunning();

    private SiloProcess(Process process) => _process = process;

    /// <summary>The silo's address as it prints it (host:port@generation); known once started.</summary>
    public string Address { get; private set; } = string.Empty;

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    /// <summary>The last lines the silo wrote to standard error, for failure reports.</summary>
    public IReadOnlyCollection<string> RecentErrors => _errors;

    /// <summary>Starts a silo process and waits until it says it is Active.</summary>
    public static async Task<SiloProcess> StartAsync(SiloLaunch launch, string connectionString, string clusterId, TimeSpan timeout, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var start = new ProcessStartInfo(launch.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in launch.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.ArgumentList.Add("--cluster-id");
        start.ArgumentList.Add(clusterId);

        // In the environment, not on the command line: a connection string may carry a password and argv is world-readable.
        start.Environment[ConnectionStringVariable] = connectionString;
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new SiloProcess(process);
        process.OutputDataReceived += (_, e) => silo.OnOutput(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnError(e.Data);
        process.Exited += (_, _) => silo._ready.TrySetException(new InvalidOperationException(
            $"The silo process exited with code {process.ExitCode} before it was ready: {string.Join(" | ", silo._errors)}"));
        process.Start();
        Running[silo] = 0;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            silo.Address = await silo._ready.Task.WaitAsync(timeout, cancellationToken);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>kill -9: the process vanishes without a word to the cluster.</summary>
    public void Kill() => _process.Kill();

    /// <summary>SIGSTOP: the process freezes with its sockets open.</summary>
    public void Freeze()
    {
        PosixSignals.Send(_process.Id, PosixSignals.SigStop);
        _frozen = true;
    }

    /// <summary>SIGCONT: a frozen silo runs again (and should find itself declared Dead, and stop).</summary>
    public void Thaw()
    {
        PosixSignals.Send(_process.Id, PosixSignals.SigCont);
        _frozen = false;
    }

    /// <summary>Waits for the process to exit on its own; false if it is still running after <paramref name="timeout"/>.</summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                if (_frozen)
                {
                    PosixSignals.Send(_process.Id, PosixSignals.SigCont);
                }

                _process.Kill();
            }

            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        catch (InvalidOperationException)
        {
            // The process never started or is already gone.
        }
        finally
        {
            Running.TryRemove(this, out _);
            _process.Dispose();
        }
    }

    private static void KillAllRunning()
    {
        foreach (var silo in Running.Keys)
        {
            try
            {
                if (silo._frozen)
                {
                    PosixSignals.Send(silo._process.Id, PosixSignals.SigCont);
                }

                silo._process.Kill();
            }
            catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
            {
                // Already gone, or not ours to kill any more: the clean-up goes on with the others.
            }
        }
    }

    private void OnOutput(string? line)
    {
        const string Ready = "ready ";
        if (line is not null && line.StartsWith(Ready, StringComparison.Ordinal))
        {
            _ready.TrySetResult(line[Ready.Length..].Trim());
        }
    }

    private void OnError(string? line)
    {
        if (line is null)
        {
            return;
        }

        _errors.Enqueue(line);
        while (_errors.Count > KeptErrorLines)
        {
            _errors.TryDequeue(out _);
        }
    }
}
