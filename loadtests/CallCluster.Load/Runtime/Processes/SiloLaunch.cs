namespace CallCluster.Load.Runtime.Processes;

/// <summary>
/// The command line that starts one benchmark silo process: the benchmark re-executes its own binary with a
/// hidden subcommand, so silos run exactly the code being measured.
/// </summary>
public sealed record SiloLaunch(string FileName, IReadOnlyList<string> Arguments)
{
    /// <summary>
    /// This process's own executable with <paramref name="arguments"/>. Under <c>dotnet app.dll</c> the
    /// executable is the dotnet host, so the entry assembly's path goes first.
    /// </summary>
    public static SiloLaunch OfCurrentProcess(IReadOnlyList<string> arguments)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var executable = Environment.ProcessPath ?? throw new InvalidOperationException("The path of this process's executable is unknown.");
        if (!string.Equals(Path.GetFileNameWithoutExtension(executable), "dotnet", StringComparison.Ordinal))
        {
            return new SiloLaunch(executable, arguments);
        }

        var entry = System.Reflection.Assembly.GetEntryAssembly()?.Location;
        if (string.IsNullOrEmpty(entry))
        {
            throw new InvalidOperationException("Running under the dotnet host, but the entry assembly's path is unknown.");
        }

        return new SiloLaunch(executable, [entry, .. arguments]);
    }
}
