namespace CallCluster.Runtime.Streams;

/// <summary>
/// Implemented by a grain class that accepts frame streams. Every method runs as a turn of the activation.
/// Frames are not one turn each: when frames arrive on an empty stream the runtime schedules one
/// <see cref="OnFramesAvailableAsync"/> turn, which drains what is there with <see cref="FrameStream.TryRead"/>;
/// draining returns credit to the sender, so a slow grain slows its sender instead of losing frames.
/// </summary>
public interface IFrameStreamGrain
{
    /// <summary>A client opened a stream to this activation. Keep it to write frames back.</summary>
    Task OnFrameStreamOpenedAsync(FrameStream stream);

    Task OnFramesAvailableAsync(FrameStream stream);

    /// <summary>The stream ended: <paramref name="error"/> is null when the client closed it, else why it broke.</summary>
    Task OnFrameStreamClosedAsync(FrameStream stream, Exception? error);
}
