using System.CommandLine;
using CallCluster.Edge.Twilio;
using CallCluster.Host.Hosting;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Silo.Admin;
using CallCluster.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Host.Commands;

/// <summary><c>callcluster edge</c>: SIP and Twilio media streams in front of a cluster on PostgreSQL.</summary>
internal static class EdgeCommand
{
    /// <summary>Where Twilio's &lt;Connect&gt;&lt;Stream url="wss://…/twilio/media"&gt; lands.</summary>
    public const string TwilioPath = "/twilio/media";

    public static Command Create()
    {
        var postgres = NodeOptions.Postgres(required: true);
        var clusterId = NodeOptions.ClusterId();
        var sip = NodeOptions.Sip("127.0.0.1:5080");
        var sipPublic = NodeOptions.SipPublicAddress();
        var sipPublicPort = NodeOptions.SipPublicPort();
        var rtpPublic = NodeOptions.RtpPublicAddress();
        var realtimePriority = NodeOptions.RealtimePriority();
        var http = NodeOptions.Http("127.0.0.1:8080");
        var grace = NodeOptions.Grace();
        var otlp = NodeOptions.Otlp();
        var reserveCalls = NodeOptions.ReserveCalls();
        var command = new Command("edge", $"Run an edge: answers SIP calls and Twilio media streams ({TwilioPath}) and connects each call to its call grain.")
        {
            postgres, clusterId, sip, sipPublic, sipPublicPort, rtpPublic, realtimePriority, http, grace, otlp, reserveCalls,
        };
        NodeOptions.RequirePublicAddressForAnyListener(command, sip, sipPublic);
        NodeOptions.RequireStore(command, postgres);
        command.SetAction((parse, _) => NodeRunner.RunAsync(() =>
        {
            var builder = NodeRunner.CreateBuilder(ListenEndpoint.Parse(parse.GetValue(http)!), parse.GetValue(grace));
            builder.Services.AddCallClusterTelemetry(new TelemetryOptions { Endpoint = parse.GetValue(otlp), ServiceName = "callcluster-edge" });
            builder.Services.AddPostgresClusterStore(o =>
            {
                o.ConnectionString = NodeOptions.PostgresValue(parse.GetValue(postgres))!;
                o.ClusterId = parse.GetValue(clusterId)!;
            });
            builder.Services.AddCallClusterEdgeNode(
                builder.Configuration,
                NodeOptions.EdgeNode(parse, sip, sipPublic, sipPublicPort, rtpPublic, realtimePriority),
                sp => sp.GetRequiredService<IMembershipTable>(),
                sp => sp.GetRequiredService<IGrainDirectory>());
            // Last: its start-up step runs after the speech engines have loaded, before anything listens.
            builder.Services.AddHostedService(_ => new NodeWarmUp(NodeRoles.Edge, parse.GetValue(reserveCalls)));
            var app = builder.Build();
            app.UseWebSockets();
            app.MapTwilioMediaStreams(TwilioPath);
            app.MapCallClusterAdmin();
            return app;
        }));
        return command;
    }
}
