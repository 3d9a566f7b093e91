using System.Reflection;
using CallCluster.Runtime.Invocation;
using CallCluster.Runtime.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.Runtime.Activation;

/// <summary>
/// Which grain class implements which grain type on a silo, and how to construct it: constructor
/// parameters marked <see cref="PersistentStateAttribute"/> get a persistent state, the rest come from the
/// silo's service provider. The constructor is found once per class; building a grain is per activation,
/// not per call.
/// </summary>
public sealed class GrainClassRegistry
{
    private readonly Dictionary<string, GrainClass> _byGrainType = new(StringComparer.Ordinal);

    /// <summary>Registers <typeparamref name="TGrain"/> as the implementation of <typeparamref name="TGrainInterface"/>.</summary>
    public GrainClassRegistry Add<TGrainInterface, TGrain>()
        where TGrainInterface : IGrainWithStringKey
        where TGrain : Grain, TGrainInterface
    {
        var grainInterface = GrainInterface.For(typeof(TGrainInterface));
        var constructors = typeof(TGrain).GetConstructors();
        if (constructors.Length != 1)
        {
            throw new ArgumentException($"Grain class {typeof(TGrain).Name} must have exactly one public constructor; it has {constructors.Length}.");
        }

        _byGrainType[grainInterface.GrainType] = new GrainClass(typeof(TGrain), constructors[0]);
        return this;
    }

    internal bool Contains(string grainType) => _byGrainType.ContainsKey(grainType);

    internal (Grain Grain, IReadOnlyList<IActivationState> States) Create(
        ActivationData activation,
        IServiceProvider services,
        Func<string, IGrainStorage> storageByName)
    {
        if (!_byGrainType.TryGetValue(activation.GrainId.Type, out var grainClass))
        {
            throw new InvalidOperationException($"No grain class is registered on this silo for grain type '{activation.GrainId.Type}'.");
        }

        var states = new List<IActivationState>();
        var parameters = grainClass.Constructor.GetParameters();
        var arguments = new object?[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            var persistent = parameter.GetCustomAttribute<PersistentStateAttribute>();
            if (persistent is not null)
            {
                var stateType = parameter.ParameterType.IsGenericType && parameter.ParameterType.GetGenericTypeDefinition() == typeof(IPersistentState<>)
                    ? parameter.ParameterType.GetGenericArguments()[0]
                    : throw new InvalidOperationException($"{grainClass.Type.Name}: [PersistentState] parameter '{parameter.Name}' must be an IPersistentState<T>.");
                var state = Activator.CreateInstance(
                    typeof(PersistentState<>).MakeGenericType(stateType),
                    persistent.StateName,
                    storageByName(persistent.StorageName),
                    activation)!;
                states.Add((IActivationState)state);
                arguments[i] = state;
            }
            else
            {
                arguments[i] = services.GetRequiredService(parameter.ParameterType);
            }
        }

        var grain = (Grain)grainClass.Constructor.Invoke(arguments);
        grain.Bind(activation);
        return (grain, states);
    }

    private sealed record GrainClass(Type Type, ConstructorInfo Constructor);
}
