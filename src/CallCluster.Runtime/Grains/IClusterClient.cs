namespace CallCluster.Runtime;

/// <summary>A connection from outside the silos (an edge, a test) to the cluster's grains.</summary>
public interface IClusterClient : IGrainFactory, IAsyncDisposable
{
    /// <summary>Whether the client has learned the cluster's membership and can place calls.</summary>
    bool IsConnected { get; }
}
