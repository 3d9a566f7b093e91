using System.CommandLine;
using CallCluster.Agent.Graph;

namespace CallCluster.Host.Commands;

/// <summary><c>callcluster graph FILE</c>: prints the agent graph as a Mermaid flowchart.</summary>
internal static class GraphCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("FILE") { Description = "The agent config (YAML) to draw." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the Mermaid text to this file instead of standard output. Default: standard output." };
        var command = new Command("graph", "Export an agent graph as Mermaid (flowchart) for review.") { file, output };
        command.SetAction(parseResult =>
        {
            try
            {
                var graph = AgentConfigLoader.LoadFile(Path.GetRelativePath(Environment.CurrentDirectory, parseResult.GetValue(file)!.FullName));
                var mermaid = MermaidExporter.Export(graph);
                if (parseResult.GetValue(output) is { } target)
                {
                    File.WriteAllText(target.FullName, mermaid);
                }
                else
                {
                    Console.Out.Write(mermaid);
                }

                return 0;
            }
            catch (AgentConfigException e)
            {
                foreach (var error in e.Errors)
                {
                    Console.Error.WriteLine(error);
                }

                return 1;
            }
        });
        return command;
    }
}
