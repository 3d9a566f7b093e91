using System.Buffers.Binary;
using System.Collections.Concurrent;
using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Invocation;
using CallCluster.Runtime.Messaging;
using CallCluster.Runtime.Serialization;
using CallCluster.Runtime.Streams;

namespace CallCluster.Runtime.Hosting;

/// <summary>The client's end of frame streams.</summary>
public sealed partial class ClusterClient
{
    private const int StreamOpenAttempts = 4;

    private readonly ConcurrentDictionary<(Connection Connection, long Id), FrameStream> _streams = new();
    private readonly ConcurrentDictionary<(Connection Connection, long Id), TaskCompletionSource<(bool Accepted, string? Reason, int Window)>> _opening = new();
    private long _nextStreamId;

    /// <summary>
    /// Opens a duplex frame stream to the grain's activation, activating it if needed, on the silo that hosts
    /// it (frames take one hop). If that silo dies the stream's <see cref="FrameStream.Completion"/> faults at
    /// once; open a new stream and the grain is activated on a live silo. Cancelled, it throws and closes the stream if
    /// the silo had attached it already.
    /// </summary>
    public async Task<FrameStream> OpenFrameStreamAsync<TGrainInterface>(string key, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainId = new GrainId(GrainInterface.For(typeof(TGrainInterface)).GrainType, key);
        string? lastReason = null;
        for (var attempt = 0; attempt < StreamOpenAttempts; attempt++)
        {
            var activated = await SendCallAsync(grainId, CallWorkItem.EnsureActivatedInterfaceId, 0, [], "activation");
            activated.ResultOrThrow();
            var silo = activated.ServedBy ?? throw new SiloUnavailableException($"No silo said it hosts {grainId}.");
            Connection connection;
            try
            {
                connection = await _connections.GetAsync(silo);
            }
            catch (SiloUnavailableException e)
            {
                lastReason = e.Message;
                MarkUnreachable(silo, grainId);
                continue;
            }

            var id = Interlocked.Increment(ref _nextStreamId);
            var stream = new FrameStream(connection, id, grainId, _options.FrameStreamWindow, onFramesArrived: null);
            var opened = new TaskCompletionSource<(bool Accepted, string? Reason, int Window)>(TaskCreationOptions.RunContinuationsAsynchronously);
            _opening[(connection, id)] = opened;
            _streams[(connection, id)] = stream;
            try
            {
                await connection.SendAsync(FrameType.StreamOpen, SerializeOpen(id, grainId));
                var (accepted, reason, window) = await opened.Task.WaitAsync(_options.ResponseTimeout, cancellationToken);

                // An answer that beat the cancellation still loses to it: a cancelled open never leaves a stream open.
                cancellationToken.ThrowIfCancellationRequested();
                if (accepted)
                {
                    stream.OnCredit(window);
                    var streamKey = (connection, id);
                    _ = stream.Completion.ContinueWith(
                        _ => _streams.TryRemove(streamKey, out var _),
                        CancellationToken.None,
                        TaskContinuationOptions.ExecuteSynchronously,
                        TaskScheduler.Default);
                    return stream;
                }

                lastReason = reason;
            }
            catch (SiloUnavailableException e)
            {
                lastReason = e.Message;
            }
            catch (Exception e) when (e is OperationCanceledException or TimeoutException)
            {
                // The silo may have attached the stream already (its answer is what we stopped waiting for). Unclosed, it
                // would keep the activation live with nobody on the other end, holding a graceful stop for its whole grace.
                _streams.TryRemove((connection, id), out _);
                await stream.CloseAsync();
                throw;
            }
            finally
            {
                _opening.TryRemove((connection, id), out _);
            }

            _streams.TryRemove((connection, id), out _);
            _locations.TryRemove(grainId, out _);
        }

        throw new SiloUnavailableException($"Could not open a frame stream to {grainId}: {lastReason}");
    }

    private byte[] SerializeOpen(long id, GrainId grainId)
    {
        var writer = new System.Buffers.ArrayBufferWriter<byte>(64);
        writer.WriteInt64(id);
        writer.WriteString(grainId.Type);
        writer.WriteString(grainId.Key);
        writer.WriteInt32(_options.FrameStreamWindow);
        return writer.WrittenSpan.ToArray();
    }

    private void OnStreamFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload)
    {
        if (type == FrameType.StreamOpened)
        {
            var reader = new WireReader(payload);
            var openedId = reader.ReadInt64();
            var accepted = reader.ReadByte() != 0;
            var reason = reader.ReadString();
            var window = reader.ReadInt32();
            if (_opening.TryGetValue((connection, openedId), out var opening))
            {
                opening.TrySetResult((accepted, reason, window));
            }

            return;
        }

        if (payload.Length < 8)
        {
            throw new WireFormatException($"A {type} frame of {payload.Length} bytes has no stream id.");
        }

        var id = BinaryPrimitives.ReadInt64LittleEndian(payload);
        if (!_streams.TryGetValue((connection, id), out var stream))
        {
            return;
        }

        var body = payload[8..];
        switch (type)
        {
            case FrameType.StreamData:
                stream.OnData(body);
                break;
            case FrameType.StreamCredit:
                stream.OnCredit(BinaryPrimitives.ReadInt32LittleEndian(body));
                break;
            default:
                _streams.TryRemove((connection, id), out _);
                stream.OnRemoteClosed(body);
                break;
        }
    }

    private void BreakStreams(Connection connection)
    {
        foreach (var key in _streams.Keys.Where(k => k.Connection == connection).ToList())
        {
            if (_streams.TryRemove(key, out var stream))
            {
                stream.Break(new FrameStreamBrokenException($"The connection to silo {connection} closed."));
            }
        }

        foreach (var key in _opening.Keys.Where(k => k.Connection == connection).ToList())
        {
            if (_opening.TryRemove(key, out var opening))
            {
                opening.TrySetResult((false, $"The connection to silo {connection} closed.", 0));
            }
        }
    }
}
