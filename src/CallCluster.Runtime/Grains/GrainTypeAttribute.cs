namespace CallCluster.Runtime;

/// <summary>
/// Names the grain type of a grain interface (the <see cref="GrainId.Type"/> part of its ids), e.g. "call".
/// Without it the interface's full name is used. The name must not change across deployments: it is stored
/// in the grain directory and in grain state.
/// </summary>
[AttributeUsage(AttributeTargets.Interface, Inherited = false)]
public sealed class GrainTypeAttribute(string name) : Attribute
{
    public string Name { get; } = name;
}
