using System.CommandLine;
using CallCluster.Host.Commands;

var root = new RootCommand("CallCluster: a cluster that runs AI voice agents on real phone calls.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

// No termination timeout: the node verbs drain on SIGTERM for up to --grace, which System.CommandLine's default
// (exit 130 two seconds after the signal) would cut short; the generic host handles the signal itself.
return await root.Parse(args).InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null });
