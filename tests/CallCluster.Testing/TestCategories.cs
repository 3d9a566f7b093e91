namespace CallCluster.Testing;

/// <summary>Names the PostgreSQL-backed test classes so they can be found and filtered (Trait Category=Postgres).</summary>
public static class TestCategories
{
    public const string Postgres = "Postgres";
    public const string Sipp = "Sipp";
    public const string Audio = "Audio";
    public const string Browser = "Browser";
    public const string EndToEnd = "EndToEnd";
}
