using System.CommandLine;
using CallCluster.Agent.Graph;

namespace CallCluster.Host.Commands;

/// <summary><c>callcluster validate FILE</c>: loads an agent config and lists every error as file:line:column: reason.</summary>
internal static class ValidateCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The agent config (YAML) to check." };
        var command = new Command("validate", "Check an agent graph config; exits 1 and prints every error (file:line:column: reason) if it is invalid.") { file };
        command.SetAction(parseResult =>
        {
            var path = parseResult.GetValue(file)!.FullName;
            try
            {
                var graph = AgentConfigLoader.LoadFile(Path.GetRelativePath(Environment.CurrentDirectory, path));
                Console.Out.WriteLine($"{graph.SourceFile}: ok — agent '{graph.Name}' version {graph.Version}, {graph.Nodes.Count} nodes, {graph.Tools.Count} tools");
                return 0;
            }
            catch (AgentConfigException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                Console.Error.WriteLine($"{e.Errors.Count} error(s).");
                return 1;
            }
        });
        return command;
    }
}
