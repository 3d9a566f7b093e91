using System.Text.Json;

namespace CallCluster.Runtime.Postgres;

/// <summary>
/// Settings of the PostgreSQL cluster store: membership table, grain directory and grain storage share
/// one database, one pooled <see cref="Npgsql.NpgsqlDataSource"/> and one cluster id.
/// </summary>
public sealed class PostgresClusterStoreOptions
{
    /// <summary>
    /// Npgsql connection string. Required, no default. Used only to build the pooled data source; it is
    /// never logged because it may carry a password.
    /// </summary>
    public string ConnectionString { get; set; } = string.Empty;

    /// <summary>
    /// Scopes every row, so one database can hold several clusters. Required, no default: two clusters
    /// that silently shared a default id would fence and evict each other's grains.
    /// </summary>
    public string ClusterId { get; set; } = string.Empty;

    /// <summary>
    /// Time limit of each statement. Default 30 s (Npgsql's own default): long enough for a migration
    /// waiting on another silo's migration lock, short enough that a hung database surfaces as an error.
    /// </summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// Lease a new directory registration gets, on the database clock. Default 60 s. Normal failover does
    /// not wait for it (a silo that membership declares Dead loses its grains at once); the lease only
    /// frees grains of a silo that vanished without being declared Dead, so it must outlive several
    /// renewal periods and a slow database without the owner losing its grains.
    /// </summary>
    public TimeSpan DirectoryLeaseDuration { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// How grain state is written to jsonb. Default <see cref="JsonSerializerOptions.Web"/> (camelCase,
    /// case-insensitive reads), so stored state is readable from SQL and tolerant of casing changes.
    /// </summary>
    public JsonSerializerOptions StateSerializerOptions { get; set; } = JsonSerializerOptions.Web;

    internal int CommandTimeoutSeconds => (int)Math.Ceiling(CommandTimeout.TotalSeconds);

    /// <summary>Fails with every problem named, before anything touches the database.</summary>
    public void Validate()
    {
        var problems = FindProblems();
        if (problems.Count > 0)
        {
            throw new ArgumentException("Invalid PostgreSQL cluster store options: " + string.Join(" ", problems));
        }
    }

    internal List<string> FindProblems()
    {
        var problems = new List<string>();
        if (string.IsNullOrWhiteSpace(ConnectionString))
        {
            problems.Add($"{nameof(ConnectionString)} is required.");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            problems.Add($"{nameof(ClusterId)} is required.");
        }

        if (CommandTimeout < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{nameof(CommandTimeout)} must be at least 1 s (was {CommandTimeout}).");
        }

        if (DirectoryLeaseDuration < TimeSpan.FromSeconds(1))
        {
            problems.Add($"{nameof(DirectoryLeaseDuration)} must be at least 1 s (was {DirectoryLeaseDuration}).");
        }

        if (StateSerializerOptions is null)
        {
            problems.Add($"{nameof(StateSerializerOptions)} is required.");
        }

        return problems;
    }
}
