namespace CallCluster.Runtime.Tests.Grains;

/// <summary>Peeks at a test grain's activation (through the runtime's internals) to report where it runs.</summary>
internal static class RuntimeSilo
{
    public static string Current(Grain grain) => grain.Activation.Silo.ToString();

    public static long Epoch(Grain grain) => grain.Activation.Epoch;
}
