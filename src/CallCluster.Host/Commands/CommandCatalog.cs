using System.CommandLine;

namespace CallCluster.Host.Commands;

/// <summary>Every verb of the <c>callcluster</c> executable, one file per verb in this folder.</summary>
internal static class CommandCatalog
{
    public static IEnumerable<Command> All()
    {
        yield return CallCommand.Create();
        yield break;
    }
}
