using CallCluster.Runtime.Streams;

namespace CallCluster.Runtime;

/// <summary>A connection from outside the silos (an edge, a test) to the cluster's grains.</summary>
public interface IClusterClient : IGrainFactory, IAsyncDisposable
{
    /// <summary>Whether the client has learned the cluster's membership and can place calls.</summary>
    bool IsConnected { get; }

    /// <summary>
    /// Opens a duplex frame stream to the grain's activation (activating it if needed) on the silo that hosts it.
    /// The grain class must implement <see cref="IFrameStreamGrain"/>. When the stream breaks
    /// (<see cref="FrameStream.Completion"/> faults with <see cref="FrameStreamBrokenException"/>), open a new one.
    /// </summary>
    Task<FrameStream> OpenFrameStreamAsync<TGrainInterface>(string key, CancellationToken cancellationToken = default)
        where TGrainInterface : IGrainWithStringKey;
}
