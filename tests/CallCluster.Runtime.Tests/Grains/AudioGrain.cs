using System.Buffers.Binary;
using CallCluster.Runtime.Streams;

namespace CallCluster.Runtime.Tests.Grains;

/// <summary>
/// Receives numbered frames slowly (a pause every 100 frames) and reports gaps or reordering; sends numbered
/// frames back on request.
/// </summary>
public sealed class AudioGrain(GrainEvents events) : Grain, IAudioGrain, IFrameStreamGrain
{
    public const int FrameSize = 320;

    private readonly byte[] _frame = new byte[FrameSize];
    private FrameStream? _stream;
    private int _received;
    private int _outOfOrder;

    public Task OnFrameStreamOpenedAsync(FrameStream stream)
    {
        _stream = stream;
        events.Record($"stream-opened {GrainId.Key} {RuntimeSilo.Current(this)}");
        return Task.CompletedTask;
    }

    public override Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        events.Record($"deactivate {GrainId.Key} {reason.Code} received={_received}");
        return Task.CompletedTask;
    }

    public async Task OnFramesAvailableAsync(FrameStream stream)
    {
        while (stream.TryRead(_frame, out var length))
        {
            if (length != FrameSize || BinaryPrimitives.ReadInt32LittleEndian(_frame) != _received)
            {
                _outOfOrder++;
            }

            _received++;
            if (_received % 100 == 0)
            {
                // A slow receiver: the sender must wait for credit rather than lose frames.
                await Task.Delay(2);
            }
        }
    }

    public async Task OnFrameStreamClosedAsync(FrameStream stream, Exception? error)
    {
        await OnFramesAvailableAsync(stream);
        events.Record($"stream-closed {GrainId.Key} received={_received} outOfOrder={_outOfOrder} error={error?.GetType().Name ?? "none"}");
    }

    public async Task SendFrames(int count)
    {
        var stream = _stream ?? throw new InvalidOperationException("No stream is open.");
        var frame = new byte[FrameSize];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(frame, i);
            await stream.WriteAsync(frame);
        }
    }

    public Task<string> Where() => Task.FromResult(RuntimeSilo.Current(this));
}
