using CallCluster.Runtime.Activation;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Streams;

/// <summary>
/// A frame stream attached to an activation, and the turns it schedules there. The drain turn is one object
/// per stream, queued at most once at a time, so frame arrival allocates nothing.
/// </summary>
internal sealed class ActivationFrameStream
{
    private readonly ActivationData _activation;
    private readonly DrainTurn _drain;
    private readonly Func<IFrameStreamGrain, Task> _onAvailable;
    private int _drainQueued;

    public ActivationFrameStream(ActivationData activation, FrameStream stream)
    {
        _activation = activation;
        Stream = stream;
        _drain = new DrainTurn(this);
        _onAvailable = g => g.OnFramesAvailableAsync(Stream);
    }

    public FrameStream Stream { get; }

    public bool Open() => _activation.TryEnqueue(new OpenedTurn(this));

    public void OnFramesArrived()
    {
        if (Interlocked.Exchange(ref _drainQueued, 1) == 0 && !_activation.TryEnqueue(_drain))
        {
            Volatile.Write(ref _drainQueued, 0);
        }
    }

    public void OnClosed(Exception? error) => _activation.TryEnqueue(new ClosedTurn(this, error));

    private IFrameStreamGrain Grain => _activation.Instance as IFrameStreamGrain
        ?? throw new InvalidOperationException($"Grain {_activation.GrainId} does not implement IFrameStreamGrain; it cannot take frame streams.");

    private async Task RunAsync(Func<IFrameStreamGrain, Task> turn)
    {
        try
        {
            await turn(Grain);
        }
#pragma warning disable CA1031 // A failing stream handler breaks that stream, not the activation.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _activation.Host.Logger.LogWarning(e, "A frame stream handler of {Grain} failed; closing the stream.", _activation.GrainId);
            Stream.Break(new FrameStreamBrokenException($"The grain's stream handler failed: {e.Message}", e));
            await Stream.CloseWithErrorAsync(e.Message);
        }
    }

    private sealed class OpenedTurn(ActivationFrameStream owner) : WorkItem
    {
        public override Task RunAsync(ActivationData activation) => owner.RunAsync(g => g.OnFrameStreamOpenedAsync(owner.Stream));

        public override void Abandon(ActivationData activation, bool rerouteCalls) => owner.Stream.Break(new FrameStreamBrokenException("The activation went away."));
    }

    private sealed class DrainTurn(ActivationFrameStream owner) : WorkItem
    {
        public override Task RunAsync(ActivationData activation)
        {
            // Cleared before draining: frames that arrive during the drain queue the next one.
            Volatile.Write(ref owner._drainQueued, 0);
            return owner.RunAsync(owner._onAvailable);
        }

        public override void Abandon(ActivationData activation, bool rerouteCalls) => Volatile.Write(ref owner._drainQueued, 0);
    }

    private sealed class ClosedTurn(ActivationFrameStream owner, Exception? error) : WorkItem
    {
        public override Task RunAsync(ActivationData activation) => owner.RunAsync(g => g.OnFrameStreamClosedAsync(owner.Stream, error));

        public override void Abandon(ActivationData activation, bool rerouteCalls)
        {
        }
    }
}
