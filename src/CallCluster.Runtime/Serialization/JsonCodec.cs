using System.Buffers;
using System.Text.Json;

namespace CallCluster.Runtime.Serialization;

/// <summary>
/// Records and other composite types travel as UTF-8 JSON inside a length-prefixed field. Why JSON rather
/// than a generated binary layout: grain calls carry small control messages (a turn's result, a transfer
/// request), where a few bytes more cost nothing next to the network hop, while JSON stays readable,
/// tolerates added fields across rolling deployments, and System.Text.Json builds each type's metadata once
/// and caches it, so there is no per-call reflection. Audio never takes this path: frame streams carry raw
/// pooled bytes.
/// </summary>
internal sealed class JsonCodec<T>(JsonSerializerOptions options) : ValueCodec<T>
{
    public override void Write(IBufferWriter<byte> writer, T value)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer))
        {
            JsonSerializer.Serialize(json, value, options);
        }

        writer.WriteBytes(buffer.WrittenSpan);
    }

    public override T Read(ref WireReader reader)
    {
        var bytes = reader.ReadBytes();
        try
        {
            return JsonSerializer.Deserialize<T>(bytes, options)!;
        }
        catch (JsonException e)
        {
            throw new WireFormatException($"Could not read a {typeof(T).Name} from its JSON field: {e.Message}", e);
        }
    }
}
