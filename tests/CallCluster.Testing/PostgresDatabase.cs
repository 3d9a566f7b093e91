using Npgsql;

namespace CallCluster.Testing;

/// <summary>
/// A fresh, empty PostgreSQL database on the real server that the test command starts
/// (scripts/setup.sh), dropped when the fixture is disposed. Use as an xunit class fixture.
/// The server is found through <c>CALLCLUSTER_TEST_POSTGRES</c>, an admin connection string; without it
/// the tests fail with the command that would start one, rather than silently skipping.
/// </summary>
public sealed class PostgresDatabase : IAsyncDisposable, Xunit.IAsyncLifetime
{
    public const string EnvironmentVariable = "CALLCLUSTER_TEST_POSTGRES";

    private readonly string _adminConnectionString;

    public PostgresDatabase()
    {
        _adminConnectionString = Environment.GetEnvironmentVariable(EnvironmentVariable)
            ?? throw new InvalidOperationException(
                $"{EnvironmentVariable} is not set. Run the tests with `bash scripts/test.sh`, which starts PostgreSQL on loopback and sets it.");
        DatabaseName = "cc_test_" + Guid.NewGuid().ToString("N")[..16];
        ConnectionString = new NpgsqlConnectionStringBuilder(_adminConnectionString) { Database = DatabaseName, Pooling = true }.ConnectionString;
    }

    public string DatabaseName { get; }

    /// <summary>Connection string to this fixture's own database.</summary>
    public string ConnectionString { get; }

    public async ValueTask InitializeAsync()
    {
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE \"{DatabaseName}\"", connection);
        await command.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync()
    {
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(_adminConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{DatabaseName}\" WITH (FORCE)", connection);
        await command.ExecuteNonQueryAsync();
    }
}
