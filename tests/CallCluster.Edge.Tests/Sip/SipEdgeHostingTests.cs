using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>The SIP edge as a host runs it: registered in DI, started and stopped with the generic host.</summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SipEdgeHostingTests
{
    [Fact]
    public async Task A_host_with_AddCallClusterSipEdge_answers_sipp_calls()
    {
        var handler = new CountingHandler(2);
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<ICallMediaHandler>(handler);
        builder.Services.AddCallClusterSipEdge(o => o.Port = 0);
        using var host = builder.Build();
        await host.StartAsync();
        try
        {
            var edge = host.Services.GetRequiredService<SipEdge>();
            (await Sipp.RunAsync(edge.EndPoint.Port, "-sn uac", calls: 2)).AssertSucceeded();
            await handler.AllEnded.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(2, handler.Accepted);
        }
        finally
        {
            await host.StopAsync();
        }
    }
}
