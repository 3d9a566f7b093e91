using System.CommandLine;
using System.Text.Json;
using System.Text.Json.Serialization;
using CallCluster.Load.Runtime;
using CallCluster.Load.Runtime.Processes;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster bench</c>: benchmarks whose figures go into docs/benchmarks.md. <c>bench runtime</c> runs a
/// multi-process cluster on PostgreSQL; the hidden <c>bench runtime-silo</c> is one of its silo processes.
/// </summary>
internal static partial class BenchCommand
{
    private const string ServerVariable = "CALLCLUSTER_TEST_POSTGRES";
    private const string SiloCommandName = "runtime-silo";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static Command Create() => new("bench", "Benchmarks of CallCluster's parts, run on this machine.")
    {
        CreateRuntime(),
        CreateSilo(),
        BenchCallsCommand.Create(),
        BenchFailoverCommand.Create(),
    };

    private static Command CreateRuntime()
    {
        var silos = new Option<int>("--silos")
        {
            Description = "Silo processes in the cluster (at least 2).",
            DefaultValueFactory = _ => 2,
        };
        silos.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() < 2)
            {
                result.AddError("--silos must be at least 2: cross-silo calls and failover need a second silo.");
            }
        });
        var postgres = new Option<string?>("--postgres")
        {
            Description = $"Connection string of the PostgreSQL server; the benchmark creates a database there and drops it afterwards. [default: ${ServerVariable}]",
        };
        var json = new Option<bool>("--json") { Description = "Print the figures as JSON on stdout (progress goes to stderr). [default: False]" };
        var quick = new Option<bool>("--quick")
        {
            Description = "A short run (100 streams, 2 kills per signal) that checks the whole path in well under a minute. [default: False: 500 streams, 20 kills per signal]",
        };

        var command = new Command("runtime", "Request latency and throughput, frame streams at 500 × 50 frames/s, and failover after SIGKILL and SIGSTOP, "
            + "on a cluster of silo processes over PostgreSQL.")
        {
            silos,
            postgres,
            json,
            quick,
        };
        command.SetAction((parse, cancellationToken) => RunAsync(
            parse.GetValue(silos),
            parse.GetValue(postgres) ?? Environment.GetEnvironmentVariable(ServerVariable),
            parse.GetValue(json),
            parse.GetValue(quick),
            cancellationToken));
        return command;
    }

    /// <summary>
    /// Runs a benchmark of processes over PostgreSQL and turns a failure into one line on standard error and an exit
    /// code: 130 cancelled, 2 the server cannot be used, 1 the run failed (its processes are stopped by then; a trace
    /// helps nobody running a benchmark). The report is null exactly when the exit code says why.
    /// </summary>
    internal static async Task<(T? Report, int ExitCode)> RunReportingFailuresAsync<T>(
        Func<Task<T>> run, string cancelled, Func<Exception, string> failed, CancellationToken cancellationToken)
        where T : class
    {
        try
        {
            return (await run(), 0);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            await Console.Error.WriteLineAsync(cancelled);
            return (null, 130);
        }
        catch (Exception e) when (e is Npgsql.NpgsqlException or ArgumentException)
        {
            // The message names host and port at most, never the connection string (it may hold a password).
            await Console.Error.WriteLineAsync($"The PostgreSQL server cannot be used: {e.Message}");
            return (null, 2);
        }
#pragma warning disable CA1031 // Any failure of a run is reported in one line.
        catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
        {
            await Console.Error.WriteLineAsync(failed(e));
            return (null, 1);
        }
    }

    private static Command CreateSilo()
    {
        var clusterId = new Option<string>("--cluster-id") { Description = "The benchmark cluster's id.", Required = true };
        var command = new Command(SiloCommandName, "One silo process of `bench runtime` (started by it, not by hand).") { clusterId };
        command.Hidden = true;
        command.SetAction(async (parse, cancellationToken) =>
        {
            var connectionString = Environment.GetEnvironmentVariable(SiloProcess.ConnectionStringVariable);
            if (string.IsNullOrEmpty(connectionString))
            {
                await Console.Error.WriteLineAsync($"{SiloProcess.ConnectionStringVariable} is not set: this command is started by `callcluster bench runtime`.");
                return 2;
            }

            return await BenchSilo.RunAsync(connectionString, parse.GetValue(clusterId)!, Console.Out, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(int silos, string? server, bool json, bool quick, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(server))
        {
            await Console.Error.WriteLineAsync($"No PostgreSQL server: pass --postgres, or set {ServerVariable} (`. scripts/setup.sh` starts one and sets it).");
            return 2;
        }

        var options = new RuntimeBenchmarkOptions
        {
            Silos = silos,
            ServerConnectionString = server,
            Profile = quick ? RuntimeBenchmarkProfile.Quick : RuntimeBenchmarkProfile.Full,
            Launch = SiloLaunch.OfCurrentProcess(["bench", SiloCommandName]),
            Progress = json ? Console.Error : Console.Out,
        };

        var (report, exitCode) = await RunReportingFailuresAsync(
            () => RuntimeBenchmark.RunAsync(options, cancellationToken),
            "Cancelled; every silo process was stopped and the benchmark database dropped.",
            e => $"The benchmark failed ({e.GetType().Name}): {e.Message}",
            cancellationToken);
        if (report is null)
        {
            return exitCode;
        }

        if (json)
        {
            await Console.Out.WriteLineAsync(JsonSerializer.Serialize(report, Json));
        }
        else
        {
            await Console.Out.WriteLineAsync(Render(report));
        }

        return Problems(report).Count == 0 ? 0 : 1;
    }
}
