namespace CallCluster.Runtime.Tests.Grains;

[GrainType("audio")]
public interface IAudioGrain : IGrainWithStringKey
{
    /// <summary>Writes <paramref name="count"/> numbered 320-byte frames to the client on the open stream.</summary>
    Task SendFrames(int count);

    Task<string> Where();
}
