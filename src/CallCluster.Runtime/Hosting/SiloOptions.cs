using CallCluster.Runtime.Membership;

namespace CallCluster.Runtime.Hosting;

/// <summary>A silo's settings. Every default is stated here, once.</summary>
public sealed class SiloOptions
{
    /// <summary>The address the silo listens on and advertises. Default 127.0.0.1 (one-machine clusters and tests).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The TCP port for silo-to-silo and client traffic. Default 0: an ephemeral port, so test silos never collide.</summary>
    public int Port { get; set; }

    /// <summary>An activation idle this long is deactivated. Default 15 minutes, as in Orleans: long enough that a call
    /// grain waiting on a slow caller is never collected mid-call, short enough that finished calls free memory.</summary>
    public TimeSpan CollectionAge { get; set; } = TimeSpan.FromMinutes(15);

    /// <summary>How often the silo looks for idle activations. Default 1 minute (Orleans' collection quantum).</summary>
    public TimeSpan CollectionQuantum { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>How long a caller waits for a grain call's response. Default 30 s, as in Orleans.</summary>
    public TimeSpan ResponseTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long a graceful shutdown waits for busy activations to finish. Default 30 s: a call grain in the middle
    /// of a turn finishes it; a longer drain is the orchestrator's business (k8s terminationGracePeriodSeconds).</summary>
    public TimeSpan ShutdownGrace { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Lease of this silo's directory registrations. Default 30 s: a silo that stops renewing (hung, partitioned)
    /// loses its grains after this even if nobody declares it Dead.</summary>
    public TimeSpan DirectoryLeaseDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How often this silo renews its leases (one statement for all its grains). Default 5 s: six renewals per lease.</summary>
    public TimeSpan DirectoryLeaseRenewalPeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How many silos may forward one call before it fails. Default 4: placement plus one stale-directory hop
    /// need two; more means the cluster view is churning and the caller should retry.</summary>
    public int MaxForwardHops { get; set; } = 4;

    /// <summary>Weight of CPU use (0..1) against activation count in placement. Default 100: a silo at full CPU looks like
    /// one with a hundred more activations.</summary>
    public double PlacementCpuWeight { get; set; } = 100;

    /// <summary>Frames a grain accepts on a stream before the client must wait for credit. Default 50: one second of
    /// 20 ms audio, enough to ride out a slow turn without the sender stalling, small enough to bound memory per call.</summary>
    public int FrameStreamWindow { get; set; } = 50;

    public MembershipOptions Membership { get; set; } = new();
}
