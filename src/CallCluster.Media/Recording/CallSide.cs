namespace CallCluster.Media.Recording;

/// <summary>The two parties of a call recording: the caller goes left, the agent right.</summary>
public enum CallSide
{
    Caller,
    Agent,
}
