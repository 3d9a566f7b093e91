using CallCluster.Runtime.Activation;

namespace CallCluster.Runtime;

/// <summary>
/// Base class of grain implementations (Orleans' Grain). The runtime runs one message at a time per
/// activation (a turn), so grain code needs no locks; timers are turns too.
/// </summary>
public abstract class Grain
{
    private ActivationData? _activation;

    /// <summary>This grain's identity. Available from <see cref="OnActivateAsync"/> on, not in the constructor.</summary>
    public GrainId GrainId => Activation.GrainId;

    /// <summary>The silo hosting this activation (Orleans' RuntimeIdentity), for logs and diagnostics.</summary>
    protected string RuntimeIdentity => Activation.Silo.ToString();

    /// <summary>Creates references to other grains (calls go through the runtime, never directly).</summary>
    protected IGrainFactory GrainFactory => Activation.GrainFactory;

    /// <summary>The silo's clock: use it instead of DateTime so tests can drive time.</summary>
    protected TimeProvider TimeProvider => Activation.TimeProvider;

    internal ActivationData Activation => _activation
        ?? throw new InvalidOperationException("This grain is not bound to an activation yet: use OnActivateAsync, not the constructor.");

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    internal void Bind(ActivationData activation) => _activation = activation;

    /// <summary>
    /// Registers a timer whose callback runs as a turn of this activation: never concurrently with a call
    /// or with itself. A tick that falls due while the previous one still runs is skipped, so ticks never
    /// overlap or pile up. The timer stops when disposed or when the activation deactivates.
    /// </summary>
    protected IDisposable RegisterGrainTimer(Func<CancellationToken, Task> callback, TimeSpan dueTime, TimeSpan period) =>
        Activation.RegisterTimer(callback, dueTime, period);

    /// <summary>Deactivates this activation once the current turn ends; the next call activates it again.</summary>
    protected void DeactivateOnIdle() => Activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle"));

    /// <summary>
    /// Keeps this activation alive for <paramref name="duration"/>: idle collection skips it and a graceful
    /// shutdown waits for it (up to the shutdown grace). <see cref="TimeSpan.Zero"/> ends the delay: the
    /// grain says it is no longer busy.
    /// </summary>
    protected void DelayDeactivation(TimeSpan duration) => Activation.DelayDeactivation(duration);
}
