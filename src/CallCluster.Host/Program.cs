using System.CommandLine;
using CallCluster.Host.Commands;

var root = new RootCommand("CallCluster: a cluster that runs AI voice agents on real phone calls.");
foreach (var command in CommandCatalog.All())
{
    root.Subcommands.Add(command);
}

return await root.Parse(args).InvokeAsync();
