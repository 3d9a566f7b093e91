using System.CommandLine;
using CallCluster.Edge.Twilio;
using CallCluster.Host.Hosting;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Silo.Admin;
using CallCluster.Silo.Hosting;
using CallCluster.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Host.Commands;

/// <summary>
/// <c>callcluster run</c>: the whole cluster in one process (Orleans' localhost clustering): a silo with the call
/// grains and an edge, on an in-memory store unless <c>--postgres</c> is given.
/// </summary>
internal static class RunCommand
{
    public static Command Create()
    {
        var sip = NodeOptions.Sip("127.0.0.1:5080");
        var sipPublic = NodeOptions.SipPublicAddress();
        var sipPublicPort = NodeOptions.SipPublicPort();
        var rtpPublic = NodeOptions.RtpPublicAddress();
        var realtimePriority = NodeOptions.RealtimePriority();
        var http = NodeOptions.Http("127.0.0.1:8080");
        var agent = NodeOptions.Agent();
        var postgres = NodeOptions.Postgres(required: false);
        var clusterId = NodeOptions.ClusterId();
        var port = NodeOptions.SiloPort(0);
        var evidence = NodeOptions.Evidence();
        var grace = NodeOptions.Grace();
        var otlp = NodeOptions.Otlp();
        var reserveCalls = NodeOptions.ReserveCalls();
        var command = new Command("run", "Run a one-process cluster (silo + edge) with the default agent: call it over SIP or Twilio media streams.")
        {
            sip, sipPublic, sipPublicPort, rtpPublic, realtimePriority, http, agent, postgres, clusterId, port, evidence, grace, otlp, reserveCalls,
        };
        NodeOptions.RequirePublicAddressForAnyListener(command, sip, sipPublic);
        command.SetAction((parse, _) => NodeRunner.RunAsync(() =>
        {
            var silo = new SiloNodeOptions
            {
                Port = parse.GetValue(port),
                AgentFile = parse.GetValue(agent)!.FullName,
                EvidenceDirectory = parse.GetValue(evidence)!.FullName,
                Grace = parse.GetValue(grace),
            };
            var builder = NodeRunner.CreateBuilder(ListenEndpoint.Parse(parse.GetValue(http)!), silo.Grace);
            builder.Services.AddCallClusterTelemetry(new TelemetryOptions { Endpoint = parse.GetValue(otlp), ServiceName = "callcluster" });
            EmbeddedCluster.AddStore(builder.Services, NodeOptions.PostgresValue(parse.GetValue(postgres)), parse.GetValue(clusterId)!, silo.AgentFile);
            builder.Services.AddCallClusterSiloNode(builder.Configuration, silo, sp => sp.GetRequiredService<SiloProviders>());
            builder.Services.AddCallClusterEdgeNode(
                builder.Configuration,
                NodeOptions.EdgeNode(parse, sip, sipPublic, sipPublicPort, rtpPublic, realtimePriority),
                sp => sp.GetRequiredService<SiloProviders>().MembershipTable,
                sp => sp.GetRequiredService<SiloProviders>().GrainDirectory);
            // Last: its start-up step runs after the speech engines have loaded, before anything listens.
            builder.Services.AddHostedService(_ => new NodeWarmUp(NodeRoles.Silo | NodeRoles.Edge, parse.GetValue(reserveCalls)));
            var app = builder.Build();
            app.UseWebSockets();
            app.MapTwilioMediaStreams(EdgeCommand.TwilioPath);
            app.MapCallClusterAdmin();
            return app;
        }));
        return command;
    }
}
