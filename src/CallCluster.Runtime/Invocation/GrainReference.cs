using System.Reflection;

namespace CallCluster.Runtime.Invocation;

/// <summary>
/// The proxy behind a grain interface reference. <see cref="DispatchProxy"/> hands over the MethodInfo it
/// cached when it generated the proxy type; the lookup to our method table is a frozen dictionary hit.
/// </summary>
#pragma warning disable CA1852 // DispatchProxy derives a generated type from this class: it cannot be sealed.
internal class GrainReference : DispatchProxy
#pragma warning restore CA1852
{
    private GrainId _grainId;
    private GrainInterface? _interface;
    private IGrainCallInvoker? _invoker;

    public GrainId GrainId => _grainId;

    public static TGrainInterface Create<TGrainInterface>(GrainId grainId, IGrainCallInvoker invoker)
    {
        var proxy = Create(typeof(TGrainInterface), typeof(GrainReference));
        var reference = (GrainReference)proxy;
        reference._grainId = grainId;
        reference._interface = GrainInterface.For(typeof(TGrainInterface));
        reference._invoker = invoker;
        return (TGrainInterface)proxy;
    }

    public override string ToString() => $"GrainReference({_grainId})";

    protected override object? Invoke(MethodInfo? targetMethod, object?[]? args)
    {
        ArgumentNullException.ThrowIfNull(targetMethod);
        if (targetMethod.DeclaringType == typeof(object))
        {
            throw new NotSupportedException($"{targetMethod.Name} is not a grain call.");
        }

        var method = _interface![targetMethod];
        var arguments = method.SerializeArguments(args);
        return method.Return.FromResponse(_invoker!.InvokeAsync(_grainId, _interface, method, arguments));
    }
}
