namespace CallCluster.Grains.Tests.Support;

/// <summary>The system's wall clock shifted by a fixed offset, as on a host whose clock is wrong; timestamps and timers are the system's.</summary>
internal sealed class SkewedClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
