using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Npgsql;

namespace CallCluster.Runtime.Postgres.Migrations;

/// <summary>
/// Applies the embedded migrations at start-up. Every silo runs it; they serialize on a transaction-scoped
/// advisory lock, so when several start at once one applies the missing migrations and the others find
/// them recorded. All of it is one transaction: DDL is transactional in PostgreSQL, so a failing
/// migration leaves the schema as it was.
/// </summary>
public sealed class PostgresMigrator
{
    /// <summary>Advisory lock key ("CallClus" in ASCII), shared by every cluster in the database: the schema is shared.</summary>
    private const long LockKey = 0x43616C6C436C7573;

    private readonly NpgsqlDataSource _dataSource;
    private readonly IReadOnlyList<Migration> _migrations;
    private readonly TimeSpan _commandTimeout;
    private readonly ILogger _logger;

    public PostgresMigrator(NpgsqlDataSource dataSource, TimeSpan commandTimeout, ILogger<PostgresMigrator>? logger = null)
        : this(dataSource, Migration.LoadEmbedded(), commandTimeout, logger)
    {
    }

    /// <summary>Runs a given set of migrations instead of the embedded ones (tests of the protocol itself).</summary>
    public PostgresMigrator(NpgsqlDataSource dataSource, IEnumerable<Migration> migrations, TimeSpan commandTimeout, ILogger<PostgresMigrator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(migrations);
        _dataSource = dataSource;
        _migrations = Migration.Ordered(migrations);
        _commandTimeout = commandTimeout;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Brings the schema up to date.</summary>
    /// <returns>The versions this call applied (empty when another silo, or an earlier start, already did).</returns>
    /// <exception cref="MigrationChecksumException">An applied migration's text changed since it ran.</exception>
    /// <exception cref="InvalidOperationException">A new migration is numbered below one already applied.</exception>
    public async Task<IReadOnlyList<int>> MigrateAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);

        await ExecuteAsync(connection, "SELECT pg_advisory_xact_lock(@key)", cancellationToken, ("key", LockKey));
        await ExecuteAsync(
            connection,
            """
            CREATE TABLE IF NOT EXISTS schema_migrations (
                version     integer     NOT NULL PRIMARY KEY,
                name        text        NOT NULL,
                checksum    text        NOT NULL,
                applied_at  timestamptz NOT NULL DEFAULT now()
            )
            """,
            cancellationToken);

        var applied = await ReadAppliedAsync(connection, cancellationToken);
        Verify(applied);

        var highestApplied = applied.Count == 0 ? 0 : applied.Keys.Max();
        var appliedNow = new List<int>();
        foreach (var migration in _migrations.Where(m => !applied.ContainsKey(m.Version)))
        {
            if (migration.Version < highestApplied)
            {
                throw new InvalidOperationException(
                    $"Migration '{migration.Name}' is new but numbered below version {highestApplied}, which is already applied; renumber it above {highestApplied}.");
            }

            await ExecuteAsync(connection, migration.Sql, cancellationToken);
            await ExecuteAsync(
                connection,
                "INSERT INTO schema_migrations (version, name, checksum) VALUES (@version, @name, @checksum)",
                cancellationToken,
                ("version", migration.Version),
                ("name", migration.Name),
                ("checksum", migration.Checksum));
            appliedNow.Add(migration.Version);
        }

        await transaction.CommitAsync(cancellationToken);
        foreach (var version in appliedNow)
        {
            _logger.LogInformation("Applied cluster store migration {Version}", version);
        }

        return appliedNow;
    }

    private void Verify(Dictionary<int, (string Name, string Checksum)> applied)
    {
        foreach (var migration in _migrations)
        {
            if (applied.TryGetValue(migration.Version, out var recorded) && !string.Equals(recorded.Checksum, migration.Checksum, StringComparison.Ordinal))
            {
                throw new MigrationChecksumException(
                    $"Migration {migration.Version} ('{migration.Name}') was applied as '{recorded.Name}' with checksum {recorded.Checksum}, " +
                    $"but this build carries checksum {migration.Checksum}. Applied migrations must not change; add a new migration instead.");
            }
        }
    }

    private async Task<Dictionary<int, (string Name, string Checksum)>> ReadAppliedAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand("SELECT version, name, checksum FROM schema_migrations", connection);
        command.CommandTimeout = TimeoutSeconds;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var applied = new Dictionary<int, (string, string)>();
        while (await reader.ReadAsync(cancellationToken))
        {
            applied[reader.GetInt32(0)] = (reader.GetString(1), reader.GetString(2));
        }

        return applied;
    }

    private async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken cancellationToken, params (string Name, object Value)[] parameters)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        command.CommandTimeout = TimeoutSeconds;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private int TimeoutSeconds => (int)Math.Ceiling(_commandTimeout.TotalSeconds);
}
