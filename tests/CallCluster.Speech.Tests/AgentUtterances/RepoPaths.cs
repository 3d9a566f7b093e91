namespace CallCluster.Speech.Tests.AgentUtterances;

/// <summary>Finds the default agent's config in the source tree from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string DefaultAgent { get; } = Path.Combine(FindRoot(), "agents", "customer-service.yaml");

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
