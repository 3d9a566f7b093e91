namespace CallCluster.Sip.Sdp;

/// <summary>An a= line: <c>a=name</c> or <c>a=name:value</c>.</summary>
public readonly record struct SdpAttribute(string Name, string? Value)
{
    public override string ToString() => Value is null ? Name : Name + ":" + Value;
}
