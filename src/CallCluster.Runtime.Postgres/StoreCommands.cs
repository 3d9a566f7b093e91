using Npgsql;

namespace CallCluster.Runtime.Postgres;

/// <summary>Commands with the store's timeout and the cluster id bound, so no statement can forget either.</summary>
internal static class StoreCommands
{
    public const string ClusterParameter = "cluster";

    public static NpgsqlCommand Create(NpgsqlConnection connection, string sql, PostgresClusterStoreOptions options)
    {
        var command = new NpgsqlCommand(sql, connection) { CommandTimeout = options.CommandTimeoutSeconds };
        command.Parameters.AddWithValue(ClusterParameter, options.ClusterId);
        return command;
    }

    public static NpgsqlCommand Create(NpgsqlDataSource dataSource, string sql, PostgresClusterStoreOptions options)
    {
        var command = dataSource.CreateCommand(sql);
        command.CommandTimeout = options.CommandTimeoutSeconds;
        command.Parameters.AddWithValue(ClusterParameter, options.ClusterId);
        return command;
    }

    /// <summary>PostgreSQL's timestamptz accepts only UTC from Npgsql; convert rather than fail on a local offset.</summary>
    public static DateTimeOffset Utc(DateTimeOffset value) => value.ToUniversalTime();
}
