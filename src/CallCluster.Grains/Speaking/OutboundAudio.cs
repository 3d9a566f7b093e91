using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Streaming;
using CallCluster.Media.Frames;
using CallCluster.Runtime.Streams;

namespace CallCluster.Grains.Speaking;

/// <summary>
/// The one writer of a call's outbound stream. Speech jobs (off the grain's turn) queue frames and marks; the grain
/// queues control messages. Items of a cleared turn that have not left yet are dropped here, so after a
/// <see cref="Clear"/> no stale audio of that turn reaches the edge. Sent agent frames feed the recording.
/// </summary>
internal sealed class OutboundAudio
{
    private readonly Channel<Item> _items = Channel.CreateBounded<Item>(new BoundedChannelOptions(200) { SingleReader = true });
    private readonly ConcurrentDictionary<int, bool> _cleared = new();
    private readonly StereoRecording _recording;
    private readonly Action<Exception> _onError;
    private readonly byte[] _frame = new byte[CallStreamCodec.MaxFrameBytes];
    private volatile FrameStream? _stream;

    public OutboundAudio(StereoRecording recording, Action<Exception> onError)
    {
        _recording = recording;
        _onError = onError;
        _ = Task.Run(WriteLoopAsync);
    }

    /// <summary>Sends everything from now on over <paramref name="stream"/> (a new stream after a reconnect).</summary>
    public void Attach(FrameStream stream) => _stream = stream;

    /// <summary>Queues a frame of agent audio for <paramref name="turnId"/>; waits while the queue is full.</summary>
    public async ValueTask AudioAsync(int turnId, ReadOnlyMemory<short> samples, CancellationToken cancellationToken)
    {
        var copy = AudioBlockPool.Frames.Rent();
        samples.Span.CopyTo(copy);
        try
        {
            await _items.Writer.WriteAsync(new Item(CallStreamMessageKind.AgentAudio, turnId, copy, null), cancellationToken);
        }
        catch
        {
            AudioBlockPool.Frames.Return(copy);
            throw;
        }
    }

    /// <summary>Queues a playout mark after the audio queued so far.</summary>
    public ValueTask MarkAsync(int turnId, string name, CancellationToken cancellationToken) =>
        _items.Writer.WriteAsync(new Item(CallStreamMessageKind.Mark, turnId, null, name), cancellationToken);

    /// <summary>Drops the rest of <paramref name="turnId"/> here and tells the edge to drop what it queued.</summary>
    public void Clear(int turnId)
    {
        _cleared[turnId] = true;
        Control(CallStreamMessageKind.ClearPlayout, string.Empty);
    }

    /// <summary>Queues a control message (hang-up, transfer, clear); never waits.</summary>
    public void Control(CallStreamMessageKind kind, string text) =>
        _ = _items.Writer.WriteAsync(new Item(kind, 0, null, text)).AsTask();

    /// <summary>Queues an acknowledgement that a checkpoint covers caller input up to <paramref name="count"/>; never waits.</summary>
    public void AcknowledgeInput(long count) =>
        _ = _items.Writer.WriteAsync(new Item(CallStreamMessageKind.InputAck, 0, null, null, count)).AsTask();

    /// <summary>Sends what is queued, then stops.</summary>
    public void Complete() => _items.Writer.TryComplete();

    private async Task WriteLoopAsync()
    {
        await foreach (var item in _items.Reader.ReadAllAsync())
        {
            try
            {
                if (item.TurnId != 0 && _cleared.ContainsKey(item.TurnId))
                {
                    continue;
                }

                var length = item.Kind switch
                {
                    CallStreamMessageKind.AgentAudio => CallStreamCodec.WriteAgentAudio(item.Samples.AsSpan(0, CallStreamCodec.FrameSamples), _frame),
                    CallStreamMessageKind.ClearPlayout => CallStreamCodec.WriteEmpty(item.Kind, _frame),
                    CallStreamMessageKind.InputAck => CallStreamCodec.WriteInputAck(item.Count, _frame),
                    _ => CallStreamCodec.WriteText(item.Kind, item.Text ?? string.Empty, _frame),
                };
                if (item.Kind == CallStreamMessageKind.ClearPlayout)
                {
                    _recording.CutAgent();
                }

                if (_stream is { IsCompleted: false } stream)
                {
                    await stream.WriteAsync(_frame.AsMemory(0, length));
                    if (item.Kind == CallStreamMessageKind.AgentAudio)
                    {
                        _recording.AppendAgent(item.Samples.AsSpan(0, CallStreamCodec.FrameSamples));
                    }
                }
            }
#pragma warning disable CA1031 // A broken stream loses this frame; the edge re-opens and the call resumes.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _onError(e);
            }
            finally
            {
                if (item.Samples is { } samples)
                {
                    AudioBlockPool.Frames.Return(samples);
                }
            }
        }
    }

    private readonly record struct Item(CallStreamMessageKind Kind, int TurnId, short[]? Samples, string? Text, long Count = 0);
}
