namespace CallCluster.Agent.Simulation;

/// <summary>A clock stopped at one instant, so a replayed session resolves "tomorrow" as it did when recorded.</summary>
public sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;

    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;
}
