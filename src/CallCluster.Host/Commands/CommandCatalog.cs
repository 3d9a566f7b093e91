using System.CommandLine;

namespace CallCluster.Host.Commands;

/// <summary>Every verb of the <c>callcluster</c> executable, one file per verb in this folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return ValidateCommand.Create();
        yield return GraphCommand.Create();
        yield return SimulateCommand.Create();
        yield return BenchCommand.Create();
        yield return RunCommand.Create();
        yield return SiloCommand.Create();
        yield return EdgeCommand.Create();
        yield return EvidenceCommand.Create();
        yield return DemoCommand.Create();
        yield return CallCommand.Create();
    }
}
