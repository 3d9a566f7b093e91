namespace CallCluster.Runtime.Persistence;

/// <summary>
/// On a grain constructor parameter of type <see cref="IPersistentState{TState}"/>: the runtime injects a
/// state named <paramref name="stateName"/> kept in the storage provider <paramref name="storageName"/>.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter)]
public sealed class PersistentStateAttribute(string stateName, string storageName = PersistentStateAttribute.DefaultStorage) : Attribute
{
    public const string DefaultStorage = "Default";

    public string StateName { get; } = stateName;

    public string StorageName { get; } = storageName;
}
