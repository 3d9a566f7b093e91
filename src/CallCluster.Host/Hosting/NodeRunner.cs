using CallCluster.Agent.Graph;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCluster.Host.Hosting;

/// <summary>Builds and runs the long-lived node processes (run, silo, edge) the same way: logging, HTTP, drain, exit codes.</summary>
internal static class NodeRunner
{
    /// <summary>What the host adds to the drain grace for everything after it (edges hanging up, the silo leaving
    /// membership, telemetry flush). 15 s: the runtime's own bound on deactivations is 10 s.</summary>
    private static readonly TimeSpan ShutdownSlack = TimeSpan.FromSeconds(15);

    /// <summary>A web host listening on <paramref name="http"/> that waits up to the grace plus slack when stopping.</summary>
    public static WebApplicationBuilder CreateBuilder(ListenEndpoint http, TimeSpan grace)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = Environment.CurrentDirectory });
        builder.WebHost.UseUrls(http.HttpUrl);
        builder.Logging.AddSimpleConsole(o =>
        {
            o.SingleLine = true;
            o.TimestampFormat = "HH:mm:ss.fff ";
        });
        // One line per request is noise on a node that serves probes every few seconds.
        builder.Logging.AddFilter("Microsoft.AspNetCore", LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = grace + ShutdownSlack);
        return builder;
    }

    /// <summary>
    /// Builds the app and runs it until SIGTERM/SIGINT (the host's console lifetime drains it). Exit codes: 0 after a
    /// clean stop, 1 when the agent config is invalid (every error printed as file:line:column: reason), the host
    /// cannot start (port taken, database unreachable), or a silo left on its own (declared Dead).
    /// </summary>
    public static async Task<int> RunAsync(Func<WebApplication> build)
    {
        WebApplication app;
        try
        {
            app = build();
        }
        catch (AgentConfigException e)
        {
            foreach (var error in e.Errors)
            {
                await Console.Error.WriteLineAsync(error.ToString());
            }

            return 1;
        }
        catch (FileNotFoundException e)
        {
            await Console.Error.WriteLineAsync($"callcluster: {e.Message}");
            return 1;
        }

        await using (app)
        {
            try
            {
                await app.StartAsync();
            }
#pragma warning disable CA1031 // Any start-up failure ends the process with its reason; nothing is half-running after DisposeAsync.
            catch (Exception e) when (e is not OperationCanceledException)
#pragma warning restore CA1031
            {
                app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CallCluster.Host").LogCritical(e, "The node could not start.");
                await Console.Error.WriteLineAsync($"callcluster: could not start: {e.Message}");
                return 1;
            }

            await app.WaitForShutdownAsync();
        }

        return Environment.ExitCode;
    }
}
