namespace CallCluster.Runtime.Messaging;

/// <summary>Receives the frames of a connection on its read loop; must not block, and must copy what it keeps.</summary>
internal interface IFrameHandler
{
    void OnFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload);

    void OnClosed(Connection connection);
}
