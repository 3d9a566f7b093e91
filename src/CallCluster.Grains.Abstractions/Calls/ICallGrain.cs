using CallCluster.Runtime;

namespace CallCluster.Grains.Calls;

/// <summary>
/// One live phone call (key = call id). Audio, DTMF, playout marks and hang-ups travel over a frame stream opened to
/// this grain (see <see cref="Streaming.CallStreamCodec"/>); the methods here are for inspection and control.
/// </summary>
[GrainType("call")]
public interface ICallGrain : IGrainWithStringKey
{
    /// <summary>Where the call is and what state it is in; answers even after the call ended.</summary>
    Task<CallSnapshot> GetSnapshotAsync();
}
