using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Benchmarks;

/// <summary>Loads agents/customer-service.yaml from the source tree, wherever BenchmarkDotNet builds the runner.</summary>
internal static class DefaultAgent
{
    public static AgentGraph Load() => AgentConfigLoader.LoadFile(Path.Combine(FindRoot(), "agents", "customer-service.yaml"));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "CallCluster.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Could not find CallCluster.sln above " + AppContext.BaseDirectory);
    }
}
