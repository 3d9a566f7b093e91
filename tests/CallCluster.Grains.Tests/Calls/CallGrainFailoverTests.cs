using CallCluster.Grains.Calls;
using CallCluster.Grains.Tests.Support;
using CallCluster.Testing;

namespace CallCluster.Grains.Tests.Calls;

/// <summary>The silo hosting a call dies mid-call; the call resumes on the other silo and finishes.</summary>
[Trait("Category", TestCategories.EndToEnd)]
public sealed class CallGrainFailoverTests
{
    [Fact]
    public async Task Killing_the_hosting_silo_resumes_the_call_on_the_other_without_repeating_the_refund()
    {
        await using var harness = await CallHarness.StartAsync();
        await RefundResumedElsewhere.RunAsync(harness, "failover-1", harness.Cluster.KillSiloAsync);
    }
}
