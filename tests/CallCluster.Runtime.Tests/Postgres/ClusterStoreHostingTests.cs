using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;
using CallCluster.Runtime.Postgres.Hosting;
using CallCluster.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace CallCluster.Runtime.Tests.Postgres;

/// <summary>The store as a silo host wires it: one call, schema migrated on start, the three providers resolved.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class ClusterStoreHostingTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_started_host_has_a_migrated_store_behind_all_three_providers()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPostgresClusterStore(options =>
        {
            options.ConnectionString = database.ConnectionString;
            options.ClusterId = "hosted";
        });
        using var host = builder.Build();

        await host.StartAsync(Token);
        try
        {
            var membership = host.Services.GetRequiredService<IMembershipTable>();
            await membership.InitializeAsync(Token);
            var silo = new SiloAddress("10.0.0.1", 11111, 1);
            Assert.True(await membership.InsertRowAsync(MembershipEntry.Joining(silo, "h", DateTimeOffset.UnixEpoch), new TableVersion(1, "0"), Token));

            var grain = new GrainId("call", "hosted-1");
            var owner = await host.Services.GetRequiredService<IGrainDirectory>()
                .RegisterAsync(new GrainAddress(grain, silo, "a", 0), new HashSet<SiloAddress>(), Token);
            var storage = host.Services.GetRequiredService<IGrainStorage>();
            var state = new Box { State = "hello" };
            await storage.WriteStateAsync("s", grain, state, owner.Epoch, Token);
            var read = new Box();
            await storage.ReadStateAsync("s", grain, read, Token);

            Assert.Equal("hello", read.State);
        }
        finally
        {
            await host.StopAsync(Token);
        }
    }

    [Fact]
    public async Task A_host_with_no_cluster_id_refuses_to_start_and_says_why()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddPostgresClusterStore(options => options.ConnectionString = database.ConnectionString);
        using var host = builder.Build();

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(Token));

        Assert.Contains("ClusterId is required", error.Message, StringComparison.Ordinal);
    }

    private sealed class Box : IGrainState<string>
    {
        public string State { get; set; } = string.Empty;

        public string? ETag { get; set; }

        public bool RecordExists { get; set; }
    }
}
