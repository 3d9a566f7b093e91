using System.Collections.Concurrent;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Persistence;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Activation;

/// <summary>The activations living on one silo (Orleans' Catalog), and the services they run on.</summary>
internal sealed class Catalog(
    SiloAddress silo,
    TimeProvider timeProvider,
    IGrainFactory grainFactory,
    IGrainDirectory directory,
    GrainClassRegistry grainClasses,
    IServiceProvider services,
    Func<string, IGrainStorage> storageByName,
    Func<IReadOnlySet<SiloAddress>> deadSilos,
    Action<GrainCall> reroute,
    ILogger logger) : IActivationHost
{
    private readonly ConcurrentDictionary<GrainId, ActivationData> _activations = new();

    public SiloAddress Silo => silo;

    public TimeProvider TimeProvider => timeProvider;

    public IGrainFactory GrainFactory => grainFactory;

    public IGrainDirectory Directory => directory;

    public ILogger Logger => logger;

    public IReadOnlySet<SiloAddress> DeadSilos => deadSilos();

    public int Count => _activations.Count;

    public IReadOnlyCollection<ActivationData> Activations => [.. _activations.Values];

    public bool CanHost(string grainType) => grainClasses.Contains(grainType);

    public bool TryGet(GrainId grainId, out ActivationData activation) => _activations.TryGetValue(grainId, out activation!);

    /// <summary>The grain's activation on this silo, created (and started) if there is none.</summary>
    public ActivationData GetOrCreate(GrainId grainId)
    {
        var activation = _activations.GetOrAdd(grainId, static (id, host) => new ActivationData(id, host), this);
        activation.Start();
        return activation;
    }

    public (Grain Grain, IReadOnlyList<IActivationState> States) CreateGrain(ActivationData activation) =>
        grainClasses.Create(activation, services, storageByName);

    public bool IsLocalActivation(GrainAddress address) =>
        _activations.TryGetValue(address.GrainId, out var activation) && activation.ActivationId == address.ActivationId
        && activation.State != ActivationState.Invalid;

    public void Reroute(GrainCall call) => reroute(call);

    public void OnDeactivated(ActivationData activation) =>
        _activations.TryRemove(new KeyValuePair<GrainId, ActivationData>(activation.GrainId, activation));

    /// <summary>Deactivates every activation idle for <paramref name="age"/> (Orleans' activation collector).</summary>
    public int CollectIdle(TimeSpan age)
    {
        var now = timeProvider.GetUtcNow();
        var collected = 0;
        foreach (var activation in _activations.Values)
        {
            if (activation.IsIdle(now, age))
            {
                activation.RequestDeactivation(new DeactivationReason(DeactivationReasonCode.ActivationIdle, $"idle for {age}"));
                collected++;
            }
        }

        return collected;
    }

    /// <summary>Abrupt end of every activation: the silo was killed.</summary>
    public void KillAll()
    {
        foreach (var activation in _activations.Values)
        {
            activation.Kill();
        }

        _activations.Clear();
    }
}
