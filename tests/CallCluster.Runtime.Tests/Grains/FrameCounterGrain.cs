using CallCluster.Runtime.Streams;

namespace CallCluster.Runtime.Tests.Grains;

/// <summary>Reads frames and counts them, nothing else: what a frame costs the runtime, without a grain's own work.</summary>
public sealed class FrameCounterGrain(GrainEvents events) : Grain, IFrameCounterGrain, IFrameStreamGrain
{
    private readonly byte[] _frame = new byte[4096];
    private long _received;
    private long _expected = long.MaxValue;

    public Task Expect(long total)
    {
        _expected = total;
        ReportIfDone();
        return Task.CompletedTask;
    }

    public Task OnFrameStreamOpenedAsync(FrameStream stream) => Task.CompletedTask;

    public Task OnFramesAvailableAsync(FrameStream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        while (stream.TryRead(_frame, out _))
        {
            _received++;
        }

        ReportIfDone();
        return Task.CompletedTask;
    }

    public Task OnFrameStreamClosedAsync(FrameStream stream, Exception? error) => OnFramesAvailableAsync(stream);

    private void ReportIfDone()
    {
        if (_received >= _expected)
        {
            events.Record($"counted {GrainId.Key} {_expected}");
            _expected = long.MaxValue;
        }
    }
}
