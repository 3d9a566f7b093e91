namespace CallCluster.Runtime;

/// <summary>A silo's load as placement sees it: how many activations it hosts and its CPU use (0..1).</summary>
public readonly record struct SiloLoad(int ActivationCount, double CpuUsage);
