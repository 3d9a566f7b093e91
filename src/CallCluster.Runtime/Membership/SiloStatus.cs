namespace CallCluster.Runtime.Membership;

/// <summary>A silo's lifecycle as recorded in the membership table (Orleans' SiloStatus, trimmed).</summary>
public enum SiloStatus
{
    None = 0,
    Joining = 1,
    Active = 2,
    ShuttingDown = 3,
    Dead = 4,
}
