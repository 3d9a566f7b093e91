namespace CallCluster.Agent.Tests;

/// <summary>Finds files in the source tree (agents/, the session cases) from the test's output folder.</summary>
internal static class RepoPaths
{
    public static string Root { get; } = FindRoot();

    public static string DefaultAgent => Path.Combine(Root, "agents", "customer-service.yaml");

    public static string Sessions => Path.Combine(Root, "tests", "CallCluster.Agent.Tests", "Sessions");

    public static string Configs => Path.Combine(Root, "tests", "CallCluster.Agent.Tests", "Configs");

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
