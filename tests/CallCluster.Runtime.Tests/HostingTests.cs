using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Tests.Grains;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace CallCluster.Runtime.Tests;

public sealed class HostingTests
{
    [Fact]
    public async Task A_silo_in_a_generic_host_serves_grains_and_leaves_the_cluster_when_the_host_stops()
    {
        var providers = SiloProviders.InMemory();
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddSingleton(new GrainEvents());
        builder.Services.AddCallClusterSilo(_ => providers, grains => grains.Add<ICounterGrain, CounterGrain>());
        using var host = builder.Build();

        await host.StartAsync();
        var factory = host.Services.GetRequiredService<IGrainFactory>();
        Assert.Equal(1, await factory.GetGrain<ICounterGrain>("hosted").Increment());
        var silo = host.Services.GetRequiredService<Silo>();
        Assert.Equal(SiloStatus.Active, silo.Status);

        await host.StopAsync();
        Assert.True(silo.Stopped.IsCompletedSuccessfully);
        var table = await providers.MembershipTable.ReadAllAsync(CancellationToken.None);
        Assert.Equal(SiloStatus.Dead, table.Rows.Single(r => r.Entry.Silo == silo.Address).Entry.Status);
    }
}
