using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Reflection;
using System.Text;

namespace CallCluster.Runtime.Invocation;

/// <summary>
/// Everything the runtime knows about a grain interface, built once per interface: its grain type name, a
/// stable id, and its methods ordered by signature so that method ids agree across processes that share
/// the interface.
/// </summary>
internal sealed class GrainInterface
{
    private static readonly ConcurrentDictionary<Type, GrainInterface> ByType = new();
    private static readonly ConcurrentDictionary<int, GrainInterface> ById = new();

    private readonly FrozenDictionary<MethodInfo, GrainMethod> _byMethod;

    private GrainInterface(Type type)
    {
        if (!type.IsInterface || !typeof(IGrainWithStringKey).IsAssignableFrom(type))
        {
            throw new ArgumentException($"{type} is not a grain interface: it must be an interface deriving from IGrainWithStringKey.", nameof(type));
        }

        Type = type;
        GrainType = type.GetCustomAttribute<GrainTypeAttribute>()?.Name ?? type.FullName!;
        Id = StableHash(type.FullName!);
        var methods = type.GetMethods()
            .Concat(type.GetInterfaces().Where(i => i != typeof(IGrainWithStringKey)).SelectMany(i => i.GetMethods()))
            .OrderBy(Signature, StringComparer.Ordinal)
            .ToArray();
        Methods = [.. methods.Select((m, i) => new GrainMethod(i, m))];
        _byMethod = Methods.ToFrozenDictionary(m => m.Method);
    }

    public Type Type { get; }

    public string GrainType { get; }

    public int Id { get; }

    public IReadOnlyList<GrainMethod> Methods { get; }

    public static GrainInterface For(Type type)
    {
        var result = ByType.GetOrAdd(type, static t => new GrainInterface(t));
        ById.TryAdd(result.Id, result);
        return result;
    }

    public static GrainInterface? TryFind(int id) => ById.GetValueOrDefault(id);

    public GrainMethod this[MethodInfo method] => _byMethod[method];

    public GrainMethod Method(int id) => id >= 0 && id < Methods.Count
        ? Methods[id]
        : throw new InvalidOperationException($"Grain interface {Type.Name} has no method {id}: caller and silo run different versions of it.");

    private static string Signature(MethodInfo method) =>
        $"{method.DeclaringType!.FullName}.{method.Name}({string.Join(",", method.GetParameters().Select(p => p.ParameterType.FullName))})";

    /// <summary>FNV-1a over the UTF-8 name: stable across processes, unlike string.GetHashCode.</summary>
    private static int StableHash(string text)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(text))
        {
            hash = (hash ^ b) * 16777619u;
        }

        return unchecked((int)hash);
    }
}
