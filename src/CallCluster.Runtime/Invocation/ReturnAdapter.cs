using System.Buffers;
using CallCluster.Runtime.Serialization;

namespace CallCluster.Runtime.Invocation;

/// <summary>
/// Bridges a grain method's return type (Task, Task&lt;T&gt;, ValueTask, ValueTask&lt;T&gt;) and the bytes on the
/// wire, in both directions. One instance per method, built once; typed generic code, no reflection per call.
/// </summary>
internal abstract class ReturnAdapter
{
    /// <summary>Caller side: turns the pending response bytes into what the interface method returns.</summary>
    public abstract object FromResponse(Task<byte[]> response);

    /// <summary>Grain side: awaits what the grain method returned and serializes its result.</summary>
    public abstract Task<byte[]> ToResponseAsync(object returned);

    public static ReturnAdapter For(Type returnType)
    {
        if (returnType == typeof(Task))
        {
            return new TaskAdapter();
        }

        if (returnType == typeof(ValueTask))
        {
            return new ValueTaskAdapter();
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(Task<>))
        {
            return (ReturnAdapter)Activator.CreateInstance(typeof(TaskAdapter<>).MakeGenericType(returnType.GetGenericArguments()[0]))!;
        }

        if (returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(ValueTask<>))
        {
            return (ReturnAdapter)Activator.CreateInstance(typeof(ValueTaskAdapter<>).MakeGenericType(returnType.GetGenericArguments()[0]))!;
        }

        throw new NotSupportedException($"Grain methods must return Task, Task<T>, ValueTask or ValueTask<T>, not {returnType}.");
    }

    private sealed class TaskAdapter : ReturnAdapter
    {
        public override object FromResponse(Task<byte[]> response) => response;

        public override async Task<byte[]> ToResponseAsync(object returned)
        {
            await (Task)returned;
            return [];
        }
    }

    private sealed class ValueTaskAdapter : ReturnAdapter
    {
        public override object FromResponse(Task<byte[]> response) => new ValueTask(response);

        public override async Task<byte[]> ToResponseAsync(object returned)
        {
            await (ValueTask)returned;
            return [];
        }
    }

    private sealed class TaskAdapter<T> : ReturnAdapter
    {
        private readonly ValueCodec<T> _codec = CodecRegistry.For<T>();

        public override object FromResponse(Task<byte[]> response) => ReadAsync(response);

        public override async Task<byte[]> ToResponseAsync(object returned) => Serialize(await ((Task<T>)returned));

        private async Task<T> ReadAsync(Task<byte[]> response) => Deserialize(await response);

        private T Deserialize(byte[] bytes)
        {
            var reader = new WireReader(bytes);
            return _codec.Read(ref reader);
        }

        private byte[] Serialize(T value)
        {
            var writer = new ArrayBufferWriter<byte>();
            _codec.Write(writer, value);
            return writer.WrittenSpan.ToArray();
        }
    }

    private sealed class ValueTaskAdapter<T> : ReturnAdapter
    {
        private readonly TaskAdapter<T> _inner = new();

        public override object FromResponse(Task<byte[]> response) => new ValueTask<T>((Task<T>)_inner.FromResponse(response));

        public override async Task<byte[]> ToResponseAsync(object returned) =>
            await _inner.ToResponseAsync(((ValueTask<T>)returned).AsTask());
    }
}
