using System.Buffers;
using System.Linq.Expressions;
using System.Reflection;
using CallCluster.Runtime.Serialization;

namespace CallCluster.Runtime.Invocation;

/// <summary>
/// One method of a grain interface: its stable id, its argument codecs, and an invoker compiled once with
/// System.Linq.Expressions, so a call costs a delegate call, not reflection.
/// </summary>
internal sealed class GrainMethod
{
    private readonly ValueCodec[] _parameterCodecs;
    private readonly Func<object, object?[], object> _invoke;

    public GrainMethod(int id, MethodInfo method)
    {
        if (method.IsGenericMethodDefinition)
        {
            throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} is generic; grain methods cannot be generic.");
        }

        Id = id;
        Method = method;
        var parameters = method.GetParameters();
        foreach (var parameter in parameters)
        {
            if (parameter.ParameterType.IsByRef || parameter.ParameterType == typeof(CancellationToken))
            {
                throw new NotSupportedException($"Grain method {method.DeclaringType?.Name}.{method.Name} has parameter '{parameter.Name}' of type {parameter.ParameterType.Name}, which cannot cross the wire.");
            }
        }

        _parameterCodecs = [.. parameters.Select(p => CodecRegistry.For(p.ParameterType))];
        Return = ReturnAdapter.For(method.ReturnType);
        _invoke = Compile(method, parameters);
    }

    public int Id { get; }

    public MethodInfo Method { get; }

    public ReturnAdapter Return { get; }

    public byte[] SerializeArguments(object?[]? arguments)
    {
        if (_parameterCodecs.Length == 0)
        {
            return [];
        }

        var writer = new ArrayBufferWriter<byte>();
        for (var i = 0; i < _parameterCodecs.Length; i++)
        {
            _parameterCodecs[i].WriteBoxed(writer, arguments![i]);
        }

        return writer.WrittenSpan.ToArray();
    }

    /// <summary>Reads the arguments and calls the grain; returns the method's Task/ValueTask boxed.</summary>
    public object Invoke(object grain, ReadOnlySpan<byte> arguments)
    {
        var values = _parameterCodecs.Length == 0 ? [] : new object?[_parameterCodecs.Length];
        var reader = new WireReader(arguments);
        for (var i = 0; i < _parameterCodecs.Length; i++)
        {
            values[i] = _parameterCodecs[i].ReadBoxed(ref reader);
        }

        return _invoke(grain, values);
    }

    private static Func<object, object?[], object> Compile(MethodInfo method, ParameterInfo[] parameters)
    {
        var grain = Expression.Parameter(typeof(object), "grain");
        var arguments = Expression.Parameter(typeof(object?[]), "arguments");
        var call = Expression.Call(
            Expression.Convert(grain, method.DeclaringType!),
            method,
            parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(arguments, Expression.Constant(i)), p.ParameterType)));
        return Expression.Lambda<Func<object, object?[], object>>(Expression.Convert(call, typeof(object)), grain, arguments).Compile();
    }
}
