using System.CommandLine;
using CallCluster.Host.Hosting;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Silo.Admin;
using CallCluster.Silo.Hosting;
using CallCluster.Silo.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Host.Commands;

/// <summary><c>callcluster silo</c>: one silo of a cluster on PostgreSQL, hosting call grains, with the admin API.</summary>
internal static class SiloCommand
{
    public static Command Create()
    {
        var postgres = NodeOptions.Postgres(required: true);
        var clusterId = NodeOptions.ClusterId();
        var host = NodeOptions.AdvertisedHost();
        var port = NodeOptions.SiloPort(11111);
        var http = NodeOptions.Http("127.0.0.1:8081");
        var agent = NodeOptions.Agent();
        var evidence = NodeOptions.Evidence();
        var grace = NodeOptions.Grace();
        var otlp = NodeOptions.Otlp();
        var reserveCalls = NodeOptions.ReserveCalls();
        var command = new Command("silo", "Run one silo of a cluster on PostgreSQL: hosts call grains, serves the admin API, drains on SIGTERM.")
        {
            postgres, clusterId, host, port, http, agent, evidence, grace, otlp, reserveCalls,
        };
        NodeOptions.RequireStore(command, postgres);
        command.SetAction((parse, _) => NodeRunner.RunAsync(() =>
        {
            var silo = new SiloNodeOptions
            {
                Host = parse.GetValue(host)!,
                Port = parse.GetValue(port),
                AgentFile = parse.GetValue(agent)!.FullName,
                EvidenceDirectory = parse.GetValue(evidence)!.FullName,
                Grace = parse.GetValue(grace),
            };
            var builder = NodeRunner.CreateBuilder(ListenEndpoint.Parse(parse.GetValue(http)!), silo.Grace);
            builder.Services.AddCallClusterTelemetry(new TelemetryOptions { Endpoint = parse.GetValue(otlp), ServiceName = "callcluster-silo" });
            builder.Services.AddPostgresClusterStore(o =>
            {
                o.ConnectionString = NodeOptions.PostgresValue(parse.GetValue(postgres))!;
                o.ClusterId = parse.GetValue(clusterId)!;
            });
            builder.Services.AddPostgresSandboxStore(silo.AgentFile);
            builder.Services.AddCallClusterSiloNode(builder.Configuration, silo, SiloNodeServiceCollectionExtensions.PostgresProviders);
            // Last: its start-up step runs after the speech engines have loaded, before anything listens.
            builder.Services.AddHostedService(_ => new NodeWarmUp(NodeRoles.Silo, parse.GetValue(reserveCalls)));
            var app = builder.Build();
            app.MapCallClusterAdmin();
            return app;
        }));
        return command;
    }
}
