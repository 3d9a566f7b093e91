namespace CallCluster.Edge.Calls;

/// <summary>Makes the per-call <see cref="ICallAudioTap"/> (the stereo recorder); register one to record calls.</summary>
public interface ICallAudioTapFactory
{
    /// <summary>A tap for <paramref name="call"/>, or null to leave this call unrecorded.</summary>
    ICallAudioTap? Create(CallStartInfo call);
}
