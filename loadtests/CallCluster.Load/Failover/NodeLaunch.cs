namespace CallCluster.Load.Failover;

/// <summary>
/// How to start the <c>callcluster</c> executable: the file and the arguments before the verb. Under
/// <c>dotnet callcluster.dll</c> the file is the dotnet host and the first argument the dll.
/// </summary>
public sealed record NodeLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>The running process's own executable: <c>callcluster bench failover</c> starts nodes of itself.</summary>
    public static NodeLaunch OfCurrentProcess()
    {
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process's executable is unknown.");
        if (!string.Equals(Path.GetFileNameWithoutExtension(executable), "dotnet", StringComparison.Ordinal))
        {
            return new NodeLaunch(executable, []);
        }

        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        return string.IsNullOrEmpty(entry)
            ? throw new InvalidOperationException("Running under the dotnet host, but the entry assembly's path is unknown.")
            : new NodeLaunch(executable, [entry]);
    }

    /// <summary><c>dotnet callcluster.dll</c> for the dll beside the given assembly (a test that references the host project).</summary>
    public static NodeLaunch OfAssemblyBeside(string directory, string assemblyFileName = "callcluster.dll")
    {
        var dll = Path.Combine(directory, assemblyFileName);
        if (!File.Exists(dll))
        {
            throw new FileNotFoundException($"The callcluster executable is not at {dll}; build src/CallCluster.Host first.", dll);
        }

        var dotnet = Environment.ProcessPath is { } path && string.Equals(Path.GetFileNameWithoutExtension(path), "dotnet", StringComparison.Ordinal)
            ? path
            : "dotnet";
        return new NodeLaunch(dotnet, [dll]);
    }
}
