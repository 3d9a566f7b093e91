namespace CallCluster.Runtime.Activation;

/// <summary>A call on its way to an activation: where it goes, what it runs, and how its result goes back.</summary>
internal sealed class GrainCall(GrainId target, int interfaceId, int methodId, byte[] arguments, Action<CallResponse> reply)
{
    public GrainId Target { get; } = target;

    public int InterfaceId { get; } = interfaceId;

    public int MethodId { get; } = methodId;

    public byte[] Arguments { get; } = arguments;

    /// <summary>How many silos have forwarded this call; bounded so a confused directory cannot loop a call forever.</summary>
    public int Hops { get; set; }

    /// <summary>The sending silo already ran placement and chose this silo: activate here unless this silo is leaving.</summary>
    public bool PlacedHere { get; set; }

    private int _replied;

    public void Reply(CallResponse response)
    {
        if (Interlocked.Exchange(ref _replied, 1) == 0)
        {
            reply(response);
        }
    }
}
