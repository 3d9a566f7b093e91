using CallCluster.Agent.Graph;
using CallCluster.Runtime.Hosting;
using CallCluster.Silo.Hosting;
using CallCluster.Sip.Messages;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Host.Hosting;

/// <summary>
/// The embedded stack of <c>callcluster run</c> — silo, in-memory store and sandbox, an agent, SIP edge — in one
/// process on ephemeral ports (SIP on 127.0.0.1), logging only errors to stderr. The demo, the call benchmark and the
/// end-to-end tests place calls against it.
/// </summary>
public static class EmbeddedStack
{
    /// <summary>Builds the stack; start it with <c>StartAsync</c>, then find the SIP edge's port on <see cref="SipEdgeService.EndPoint"/>.</summary>
    /// <param name="agent">The agent file (e.g. <c>agents/customer-service.yaml</c>).</param>
    /// <param name="evidence">Where the call grains write their evidence packages.</param>
    /// <param name="settings">Configuration keys that override the defaults (e.g. <c>Sip:TransferTargets:support</c>).</param>
    /// <param name="configureServices">
    /// Runs before the silo and edge register theirs, so a service registered here wins over one they add only when
    /// none is registered (an <c>ICallAudioTapFactory</c> that observes the agent's audio, for one).
    /// </param>
    /// <exception cref="AgentConfigException">The agent file is invalid.</exception>
    public static WebApplication Build(
        FileInfo agent,
        DirectoryInfo evidence,
        IReadOnlyDictionary<string, string?>? settings = null,
        Action<IServiceCollection>? configureServices = null)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(evidence);
        var silo = new SiloNodeOptions { Port = 0, AgentFile = agent.FullName, EvidenceDirectory = evidence.FullName };
        var builder = NodeRunner.CreateBuilder(ListenEndpoint.Parse("127.0.0.1:0"), silo.Grace);
        if (settings is not null)
        {
            builder.Configuration.AddInMemoryCollection(settings);
        }

        // The terminal belongs to the caller's display (a progress bar, --json on stdout, a test runner): only errors, on stderr.
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Error);
        configureServices?.Invoke(builder.Services);
        EmbeddedCluster.AddStore(builder.Services, postgres: null, NodeOptions.DefaultClusterId, silo.AgentFile);
        builder.Services.AddCallClusterSiloNode(builder.Configuration, silo, sp => sp.GetRequiredService<SiloProviders>());
        builder.Services.AddCallClusterEdgeNode(
            builder.Configuration,
            new EdgeNodeOptions { Sip = ListenEndpoint.Parse("127.0.0.1:0") },
            sp => sp.GetRequiredService<SiloProviders>().MembershipTable,
            sp => sp.GetRequiredService<SiloProviders>().GrainDirectory);
        builder.Services.AddHostedService(_ => new NodeWarmUp(NodeRoles.Silo | NodeRoles.Edge, reservedCalls: 0));
        return builder.Build();
    }

    /// <summary>The URI that calls the agent on a started stack's SIP edge.</summary>
    /// <exception cref="InvalidOperationException">The stack has not started, so its edge is not listening.</exception>
    public static SipUri SipTarget(IServiceProvider services)
    {
        var sip = services.GetRequiredService<SipEdgeService>().EndPoint
            ?? throw new InvalidOperationException("The stack's SIP edge is not listening: start the stack first.");
        return SipUri.Parse($"sip:agent@{sip.Address}:{sip.Port}");
    }
}
