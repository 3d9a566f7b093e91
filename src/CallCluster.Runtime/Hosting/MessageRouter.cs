using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Messaging;
using CallCluster.Runtime.Placement;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Hosting;

/// <summary>
/// Gets each call to its grain's single activation: a local activation if there is one, else the owner the
/// directory names (through this silo's <see cref="GrainDirectoryCache"/>), else a silo chosen by placement. A call to a silo that cannot be reached waits for the
/// membership verdict on that silo (it is probed at once) and, once it is Dead, is placed afresh.
/// </summary>
internal sealed class MessageRouter(
    SiloAddress self,
    SiloOptions options,
    Catalog catalog,
    GrainDirectoryCache directory,
    MembershipAgent membership,
    PlacementDirector placement,
    OutboundConnections connections,
    PendingCalls pending,
    Func<bool> acceptsNewActivations,
    TimeProvider time,
    ILogger logger)
{
    private const int MaxAttempts = 8;

    public void Route(GrainCall call) => _ = RouteAsync(call);

    private async Task RouteAsync(GrainCall call)
    {
        try
        {
            for (var attempt = 0; attempt < MaxAttempts; attempt++)
            {
                if (await TryRouteOnceAsync(call))
                {
                    return;
                }
            }

            call.Reply(CallResponse.Unavailable($"Could not route the call to {call.Target} after {MaxAttempts} attempts: the cluster view is changing."));
        }
#pragma warning disable CA1031 // Whatever went wrong belongs to the caller.
        catch (Exception e)
#pragma warning restore CA1031
        {
            logger.LogWarning(e, "Routing a call to {Grain} failed.", call.Target);
            call.Reply(CallResponse.Failed(e, self));
        }
    }

    /// <summary>One routing attempt; false means the world changed under it and routing should start over.</summary>
    private async Task<bool> TryRouteOnceAsync(GrainCall call)
    {
        if (catalog.TryGet(call.Target, out var local))
        {
            return await EnqueueOrWaitAsync(local, call);
        }

        if (call.PlacedHere && acceptsNewActivations())
        {
            return await EnqueueOrWaitAsync(catalog.GetOrCreate(call.Target), call);
        }

        // A call forwarded here was routed on the sender's stale entry: read the store, not a cache, so it cannot bounce.
        var address = call.Hops == 0
            ? await directory.LookupAsync(call.Target, CancellationToken.None)
            : await directory.LookupFreshAsync(call.Target, CancellationToken.None);
        if (address is not null && !membership.View.IsDead(address.Silo))
        {
            if (address.Silo == self)
            {
                // Ours in the directory but not in the catalog: a registration left behind; activation cleans it up.
                return await EnqueueOrWaitAsync(catalog.GetOrCreate(call.Target), call);
            }

            return await ForwardAsync(call, address.Silo, placedThere: false);
        }

        if (!catalog.CanHost(call.Target.Type))
        {
            throw new InvalidOperationException($"No grain class is registered for grain type '{call.Target.Type}'.");
        }

        var target = placement.Choose(membership.View.ActiveSilos, silo => silo == self ? LocalLoad : membership.Loads.TryGetValue(silo, out var load) ? load : null);
        if (target is null)
        {
            call.Reply(CallResponse.Unavailable("No Active silo can take a new activation."));
            return true;
        }

        if (target == self && acceptsNewActivations())
        {
            return await EnqueueOrWaitAsync(catalog.GetOrCreate(call.Target), call);
        }

        return await ForwardAsync(call, target.Value, placedThere: true);
    }

    public SiloLoad LocalLoad => new(catalog.Count, CpuSampler.Usage);

    private static async Task<bool> EnqueueOrWaitAsync(ActivationData activation, GrainCall call)
    {
        if (activation.TryEnqueue(new CallWorkItem(call)))
        {
            return true;
        }

        // The activation is deactivating or lost its registration race: wait for it to be gone, then re-route.
        await activation.Completion;
        return false;
    }

    private async Task<bool> ForwardAsync(GrainCall call, SiloAddress silo, bool placedThere)
    {
        if (call.Hops >= options.MaxForwardHops)
        {
            call.Reply(CallResponse.Unavailable($"The call to {call.Target} was forwarded {call.Hops} times; giving up."));
            return true;
        }

        long id = 0;
        Task<CallResponse> response;
        try
        {
            var connection = await connections.GetAsync(silo);
            (id, response) = pending.Register(connection);
            var request = new RequestMessage(id, call.Target, call.InterfaceId, call.MethodId, call.Hops + 1, placedThere, call.Arguments);
            pending.Queued(id, connection.SendRequest(request.Serialize()));
        }
        catch (SiloUnavailableException)
        {
            pending.Forget(id);
            return await AfterNotSentAsync(call, silo);
        }

        try
        {
            var reply = await response.WaitAsync(options.ResponseTimeout, time);
            if (reply.Status == CallStatus.NotSent)
            {
                return await AfterNotSentAsync(call, silo);
            }
            if (reply.ServedBy != silo)
            {
                // Not served where the entry said: the activation moved (the target forwarded it) or is gone.
                directory.Invalidate(call.Target, silo);
            }

            call.Reply(reply);
        }
        catch (TimeoutException)
        {
            pending.Forget(id);
            call.Reply(CallResponse.Failed(new TimeoutException($"The call to {call.Target} on {silo} timed out after {options.ResponseTimeout}."), self));
        }
        catch (SiloUnavailableException e)
        {
            pending.Forget(id);
            directory.Invalidate(call.Target, silo);
            call.Reply(CallResponse.Unavailable(e.Message));
        }

        return true;
    }

    /// <summary>The request never left, so it can safely go elsewhere once membership rules on the silo.</summary>
    private async Task<bool> AfterNotSentAsync(GrainCall call, SiloAddress silo)
    {
        directory.Invalidate(call.Target, silo);
        if (!await membership.WaitForDeathAsync(silo, DeathVerdictTimeout))
        {
            call.Reply(CallResponse.Unavailable($"Silo {silo}, which owns {call.Target}, cannot be reached and was not declared Dead."));
            return true;
        }

        return false;
    }

    /// <summary>Long enough for the slowest detection path (probes timing out), with slack for a busy machine.</summary>
    private TimeSpan DeathVerdictTimeout =>
        options.Membership.ProbeInterval + (options.Membership.ProbeTimeout * (options.Membership.MissedProbesLimit + 1)) + TimeSpan.FromSeconds(2);
}
