namespace CallCluster.Runtime;

/// <summary>Why an activation is going away, given to <see cref="Grain.OnDeactivateAsync"/>.</summary>
public readonly record struct DeactivationReason(DeactivationReasonCode Code, string Text)
{
    public override string ToString() => $"{Code}: {Text}";
}

public enum DeactivationReasonCode
{
    None = 0,

    /// <summary>The activation was idle longer than the collection age.</summary>
    ActivationIdle = 1,

    /// <summary>The grain asked for it (<see cref="Grain.DeactivateOnIdle"/>).</summary>
    ApplicationRequested = 2,

    /// <summary>A state write was fenced: a newer activation owns the grain, or the ETag moved on.</summary>
    InconsistentState = 3,

    /// <summary>The silo is shutting down gracefully.</summary>
    ShuttingDown = 4,

    /// <summary>OnActivateAsync threw.</summary>
    ActivationFailed = 5,
}
