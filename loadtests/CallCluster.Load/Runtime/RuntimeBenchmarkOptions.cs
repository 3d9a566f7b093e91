using CallCluster.Load.Runtime.Processes;

namespace CallCluster.Load.Runtime;

/// <summary>What <see cref="RuntimeBenchmark"/> runs, and where.</summary>
public sealed class RuntimeBenchmarkOptions
{
    /// <summary>Silo processes in the cluster. Default 2: the smallest cluster with cross-silo calls and a survivor to fail over to.</summary>
    public int Silos { get; set; } = 2;

    /// <summary>Connection string of a PostgreSQL server on which the benchmark may create (and then drops) a database. Required.</summary>
    public string ServerConnectionString { get; set; } = string.Empty;

    /// <summary>Amount of work. Default <see cref="RuntimeBenchmarkProfile.Full"/>.</summary>
    public RuntimeBenchmarkProfile Profile { get; set; } = RuntimeBenchmarkProfile.Full;

    /// <summary>How to start a silo process. Required: the host knows its own binary.</summary>
    public SiloLaunch? Launch { get; set; }

    /// <summary>Progress lines (what is running now). Default: discarded.</summary>
    public TextWriter Progress { get; set; } = TextWriter.Null;

    /// <summary>Per-call timeout of the client that measures failover. Default 250 ms: a call stuck on a frozen silo is
    /// abandoned and retried quickly, so the measured time is dominated by failure detection, not by this timeout.</summary>
    public TimeSpan FailoverCallTimeout { get; set; } = TimeSpan.FromMilliseconds(250);
}
