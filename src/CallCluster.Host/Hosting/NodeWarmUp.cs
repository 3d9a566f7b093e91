using CallCluster.Grains;
using Microsoft.Extensions.Hosting;

namespace CallCluster.Host.Hosting;

/// <summary>
/// The last step of a node's start, after the speech engines have loaded and before it listens or joins its cluster:
/// makes the audio pools' blocks ready for <c>reservedCalls</c> calls (<c>--reserve-calls</c>), then collects the
/// start-up's garbage.
/// Pinned blocks allocated while calls run count against gen2's budget and bring full collections with them; and the
/// first collection during calls would otherwise also promote everything the start-up left alive (the agent, the
/// recognisers' grammars, the container): on the call benchmark that first gen1 collection paused every call for
/// 30–60 ms, where later ones took a fraction of that.
/// </summary>
internal sealed class NodeWarmUp(NodeRoles roles, int reservedCalls) : IHostedLifecycleService
{
    public Task StartingAsync(CancellationToken cancellationToken)
    {
        if (reservedCalls > 0)
        {
            CallAudioReservation.Reserve(reservedCalls, edgeLegs: roles.HasFlag(NodeRoles.Edge) ? 1 : 0, silo: roles.HasFlag(NodeRoles.Silo));
        }

        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Task.CompletedTask;
    }

    public Task StartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StartedAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppingAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StoppedAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
