using System.Diagnostics;
using CallCluster.Testing;

namespace CallCluster.Host.Tests.Commands;

/// <summary>Runs the real <c>callcluster</c> executable (built next to the tests) and captures its output.</summary>
internal static class Cli
{
    public static string Root { get; } = FindRoot();

    public static async Task<(int ExitCode, string Out, string Error)> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Root };
        start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "callcluster.dll"));
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = ChildProcess.Start(start);
        var output = process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        timeout.CancelAfter(TimeSpan.FromMinutes(2));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output, await error);
    }

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
