namespace CallCluster.Runtime.Activation;

/// <summary>One turn in an activation's mailbox.</summary>
internal abstract class WorkItem
{
    public abstract Task RunAsync(ActivationData activation);

    /// <summary>The activation went away before running this item.</summary>
    public abstract void Abandon(ActivationData activation, bool rerouteCalls);
}

internal sealed class CallWorkItem(GrainCall call) : WorkItem
{
    /// <summary>A runtime call that only makes sure the grain is activated and says where (used before opening a frame stream).</summary>
    public const int EnsureActivatedInterfaceId = 0;

    public GrainCall Call { get; } = call;

    public override async Task RunAsync(ActivationData activation)
    {
        if (Call.InterfaceId == EnsureActivatedInterfaceId)
        {
            Call.Reply(CallResponse.Ok([], activation.Silo));
            return;
        }

        try
        {
            var grainInterface = Invocation.GrainInterface.TryFind(Call.InterfaceId)
                ?? throw new InvalidOperationException($"Unknown grain interface id {Call.InterfaceId}.");
            var method = grainInterface.Method(Call.MethodId);
            var returned = method.Invoke(activation.Instance!, Call.Arguments);
            var result = await method.Return.ToResponseAsync(returned);
            Call.Reply(CallResponse.Ok(result, activation.Silo));
        }
#pragma warning disable CA1031 // A grain's exception belongs to its caller, whatever its type.
        catch (Exception e)
#pragma warning restore CA1031
        {
            Call.Reply(CallResponse.Failed(e, activation.Silo));
        }
    }

    public override void Abandon(ActivationData activation, bool rerouteCalls)
    {
        if (rerouteCalls)
        {
            // Whatever placement chose this silo no longer holds: route from scratch.
            Call.PlacedHere = false;
            activation.Host.Reroute(Call);
        }
        else
        {
            Call.Reply(CallResponse.Unavailable($"The activation of {Call.Target} on {activation.Silo} is gone."));
        }
    }
}

internal sealed class TimerTickWorkItem(GrainTimer timer) : WorkItem
{
    public override Task RunAsync(ActivationData activation) => timer.TickAsync();

    public override void Abandon(ActivationData activation, bool rerouteCalls) => timer.TickAbandoned();
}

internal sealed class DeactivateWorkItem : WorkItem
{
    public static readonly DeactivateWorkItem Instance = new();

    public override Task RunAsync(ActivationData activation) => Task.CompletedTask;

    public override void Abandon(ActivationData activation, bool rerouteCalls)
    {
    }
}
