using System.Globalization;
using CallCluster.Runtime.Membership;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Runtime.Postgres.Membership;

/// <summary>
/// The membership table on PostgreSQL, in the shape of Orleans' ADO.NET provider: silo rows plus one
/// version row per cluster. Inserts and updates move the version row and the silo row in one transaction,
/// conditional on the version read (and the row's ETag): a lost race rolls back and returns false.
/// Both ETags are version numbers rendered as text. Times are stored with microsecond precision.
/// </summary>
public sealed class PostgresMembershipTable : IMembershipTable
{
    private const string RowColumns =
        "m.host, m.port, m.generation, m.host_name, m.status, m.start_time, m.i_am_alive_time, m.suspicions::text, m.etag";

    private const string SiloMatch = "m.cluster_id = @cluster AND m.host = @host AND m.port = @port AND m.generation = @generation";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresClusterStoreOptions _options;

    public PostgresMembershipTable(NpgsqlDataSource dataSource, IOptions<PostgresClusterStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _dataSource = dataSource;
    }

    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(
            _dataSource,
            "INSERT INTO membership_version (cluster_id) VALUES (@cluster) ON CONFLICT (cluster_id) DO NOTHING",
            _options);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        // One statement, so rows and version come from one snapshot.
        await using var command = StoreCommands.Create(
            _dataSource,
            $"""
            SELECT v.version, {RowColumns}
            FROM membership_version v
            LEFT JOIN membership m ON m.cluster_id = v.cluster_id
            WHERE v.cluster_id = @cluster
            ORDER BY m.host, m.port, m.generation
            """,
            _options);
        return await ReadTableAsync(command, cancellationToken);
    }

    public async Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(
            _dataSource,
            $"""
            SELECT v.version, {RowColumns}
            FROM membership_version v
            LEFT JOIN membership m ON {SiloMatch}
            WHERE v.cluster_id = @cluster
            """,
            _options);
        AddSilo(command, silo);
        return await ReadTableAsync(command, cancellationToken);
    }

    public async Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryAdvanceVersionAsync(connection, version, cancellationToken))
        {
            return false;
        }

        await using var insert = StoreCommands.Create(
            connection,
            """
            INSERT INTO membership (cluster_id, host, port, generation, host_name, status, start_time, i_am_alive_time, suspicions, etag)
            VALUES (@cluster, @host, @port, @generation, @host_name, @status, @start_time, @i_am_alive_time, @suspicions::jsonb, 0)
            ON CONFLICT (cluster_id, host, port, generation) DO NOTHING
            """,
            _options);
        AddEntry(insert, entry);
        if (await insert.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(etag);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        if (!await TryAdvanceVersionAsync(connection, version, cancellationToken))
        {
            return false;
        }

        await using var update = StoreCommands.Create(
            connection,
            $"""
            UPDATE membership m
            SET host_name = @host_name, status = @status, start_time = @start_time, i_am_alive_time = @i_am_alive_time,
                suspicions = @suspicions::jsonb, etag = m.etag + 1
            WHERE {SiloMatch} AND m.etag::text = @etag
            """,
            _options);
        AddEntry(update, entry);
        update.Parameters.AddWithValue("etag", etag);
        if (await update.ExecuteNonQueryAsync(cancellationToken) != 1)
        {
            return false;
        }

        await transaction.CommitAsync(cancellationToken);
        return true;
    }

    public async Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(
            _dataSource,
            $"UPDATE membership m SET i_am_alive_time = @i_am_alive_time WHERE {SiloMatch}",
            _options);
        AddSilo(command, silo);
        command.Parameters.AddWithValue("i_am_alive_time", StoreCommands.Utc(iAmAliveTime));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(
            _dataSource,
            "DELETE FROM membership WHERE cluster_id = @cluster AND status = @dead AND i_am_alive_time < @before",
            _options);
        command.Parameters.AddWithValue("dead", (short)SiloStatus.Dead);
        command.Parameters.AddWithValue("before", StoreCommands.Utc(beforeDate));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    /// <summary>
    /// The compare-and-swap on the version row. It takes the row lock, so a concurrent writer at the same
    /// version waits, then finds the version moved and gets zero rows.
    /// </summary>
    private async Task<bool> TryAdvanceVersionAsync(NpgsqlConnection connection, TableVersion version, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(
            connection,
            """
            UPDATE membership_version SET version = @version, updated_at = now()
            WHERE cluster_id = @cluster AND version = @version - 1 AND version::text = @version_etag
            """,
            _options);
        command.Parameters.AddWithValue("version", version.Version);
        command.Parameters.AddWithValue("version_etag", version.ETag ?? string.Empty);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    private async Task<MembershipTableData> ReadTableAsync(NpgsqlCommand command, CancellationToken cancellationToken)
    {
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        TableVersion? version = null;
        var rows = new List<MembershipRow>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var number = reader.GetInt32(0);
            version = new TableVersion(number, number.ToString(CultureInfo.InvariantCulture));
            if (!reader.IsDBNull(1))
            {
                rows.Add(ReadRow(reader));
            }
        }

        return version is { } found
            ? new MembershipTableData(rows, found)
            : throw new InvalidOperationException(
                $"The membership table of cluster '{_options.ClusterId}' is not initialized; call {nameof(InitializeAsync)} first.");
    }

    private static MembershipRow ReadRow(NpgsqlDataReader reader)
    {
        var silo = new SiloAddress(reader.GetString(1), reader.GetInt32(2), reader.GetInt64(3));
        var entry = new MembershipEntry(
            silo,
            (SiloStatus)reader.GetInt16(5),
            reader.GetString(4),
            reader.GetFieldValue<DateTimeOffset>(6),
            reader.GetFieldValue<DateTimeOffset>(7),
            SuspicionsJson.Read(reader.GetString(8)));
        return new MembershipRow(entry, reader.GetInt32(9).ToString(CultureInfo.InvariantCulture));
    }

    private static void AddSilo(NpgsqlCommand command, SiloAddress silo)
    {
        command.Parameters.AddWithValue("host", silo.Host);
        command.Parameters.AddWithValue("port", silo.Port);
        command.Parameters.AddWithValue("generation", silo.Generation);
    }

    private static void AddEntry(NpgsqlCommand command, MembershipEntry entry)
    {
        AddSilo(command, entry.Silo);
        command.Parameters.AddWithValue("host_name", entry.HostName);
        command.Parameters.AddWithValue("status", (short)entry.Status);
        command.Parameters.AddWithValue("start_time", StoreCommands.Utc(entry.StartTime));
        command.Parameters.AddWithValue("i_am_alive_time", StoreCommands.Utc(entry.IAmAliveTime));
        command.Parameters.AddWithValue("suspicions", SuspicionsJson.Write(entry.Suspicions));
    }
}
