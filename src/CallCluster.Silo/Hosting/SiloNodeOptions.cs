namespace CallCluster.Silo.Hosting;

/// <summary>What a silo process hosts and where. Every default is stated here, once.</summary>
public sealed class SiloNodeOptions
{
    /// <summary>The address the silo listens on and advertises to peers and edges. Default 127.0.0.1: a one-machine
    /// cluster; in Kubernetes pass the pod IP (status.podIP).</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>The silo's TCP port for silo-to-silo and edge traffic. Default 11111, Orleans' silo port; 0 picks a free one.</summary>
    public int Port { get; set; } = 11111;

    /// <summary>The agent graph the call grains run. Default agents/customer-service.yaml, the repository's default agent.</summary>
    public string AgentFile { get; set; } = "agents/customer-service.yaml";

    /// <summary>Where call grains write evidence packages. Default "evidence" under the working directory.</summary>
    public string EvidenceDirectory { get; set; } = "evidence";

    /// <summary>How long a draining silo lets busy activations finish before it leaves. Default 30 s, the runtime's own
    /// default; Kubernetes' terminationGracePeriodSeconds must exceed it.</summary>
    public TimeSpan Grace { get; set; } = TimeSpan.FromSeconds(30);
}
