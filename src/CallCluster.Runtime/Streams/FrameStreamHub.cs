using System.Buffers;
using System.Buffers.Binary;
using System.Collections.Concurrent;
using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Messaging;
using CallCluster.Runtime.Serialization;

namespace CallCluster.Runtime.Streams;

/// <summary>
/// The silo's end of frame streams: attaches each stream a client opens to the grain's local activation,
/// and feeds frames, credits and closes to it. A stream is only accepted where the activation lives, so
/// frames take one hop; elsewhere the open is refused and the client re-resolves the grain.
/// </summary>
internal sealed class FrameStreamHub(Catalog catalog, int receiveWindow)
{
    private readonly ConcurrentDictionary<(Connection Connection, long Id), ActivationFrameStream> _streams = new();

    public void OnFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload)
    {
        if (type == FrameType.StreamOpen)
        {
            OnOpen(connection, payload);
            return;
        }

        if (payload.Length < 8)
        {
            throw new WireFormatException($"A {type} frame of {payload.Length} bytes has no stream id.");
        }

        var id = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (!_streams.TryGetValue((connection, id), out var attached))
        {
            // Frames racing a close: nothing to deliver them to.
            return;
        }

        var body = payload[8..];
        switch (type)
        {
            case FrameType.StreamData:
                attached.Stream.OnData(body);
                break;
            case FrameType.StreamCredit:
                attached.Stream.OnCredit(BinaryPrimitives.ReadInt32LittleEndian(body));
                break;
            case FrameType.StreamClose:
                _streams.TryRemove((connection, id), out _);
                attached.OnClosed(attached.Stream.OnRemoteClosed(body));
                break;
            default:
                throw new WireFormatException($"Frame type {type} does not belong to a stream.");
        }
    }

    public void OnConnectionClosed(Connection connection)
    {
        foreach (var key in _streams.Keys.Where(k => k.Connection == connection).ToList())
        {
            if (_streams.TryRemove(key, out var attached))
            {
                var error = new FrameStreamBrokenException("The client's connection closed.");
                attached.Stream.Break(error);
                attached.OnClosed(error);
            }
        }
    }

    private void OnOpen(Connection connection, ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        var id = reader.ReadInt64();
        var grainId = new GrainId(reader.ReadRequiredString(), reader.ReadRequiredString());
        var clientWindow = reader.ReadInt32();
        if (clientWindow < 1)
        {
            throw new WireFormatException($"Stream receive window {clientWindow} must be positive.");
        }

        if (!catalog.TryGet(grainId, out var activation))
        {
            Reply(connection, id, accepted: false, $"{grainId} has no activation on this silo.");
            return;
        }

        ActivationFrameStream? attached = null;
        var stream = new FrameStream(connection, id, grainId, receiveWindow, _ => attached!.OnFramesArrived());
        stream.OnCredit(clientWindow);
        attached = new ActivationFrameStream(activation, stream);
        _streams[(connection, id)] = attached;
        if (!activation.AttachStream(attached))
        {
            _streams.TryRemove((connection, id), out _);
            Reply(connection, id, accepted: false, $"The activation of {grainId} is deactivating.");
            return;
        }

        _ = stream.Completion.ContinueWith(
            _ => activation.DetachStream(attached),
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
        Reply(connection, id, accepted: true, reason: null);
    }

    private void Reply(Connection connection, long id, bool accepted, string? reason)
    {
        var writer = new ArrayBufferWriter<byte>(64);
        writer.WriteInt64(id);
        writer.WriteByte(accepted ? (byte)1 : (byte)0);
        writer.WriteString(reason);
        writer.WriteInt32(receiveWindow);
        _ = SendAsync(connection, writer.WrittenSpan.ToArray());
    }

    private static async Task SendAsync(Connection connection, byte[] payload)
    {
        try
        {
            await connection.SendAsync(FrameType.StreamOpened, payload);
        }
        catch (SiloUnavailableException)
        {
            // The client is gone.
        }
    }
}
