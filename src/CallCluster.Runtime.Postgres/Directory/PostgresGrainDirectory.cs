using CallCluster.Runtime.Directory;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Runtime.Postgres.Directory;

/// <summary>
/// The grain directory on PostgreSQL: one row per grain holding (silo, activation, epoch, lease). Rows are
/// vacated, never deleted, so a grain's epoch only grows. Leases are compared with the database clock.
/// </summary>
public sealed class PostgresGrainDirectory : IGrainDirectory
{
    // Insert, or take over a vacant, expired or dead owner's row with epoch + 1. When the row has a live
    // owner the WHERE is false: nothing is written, but ON CONFLICT DO UPDATE still locks the row, so the
    // SELECT that follows in the same transaction reads exactly the owner that beat us.
    private const string RegisterSql =
        """
        INSERT INTO grain_directory AS d (cluster_id, grain_id, silo, activation_id, epoch, lease_until)
        VALUES (@cluster, @grain, @silo, @activation, 1, now() + @lease)
        ON CONFLICT (cluster_id, grain_id) DO UPDATE
        SET silo = excluded.silo, activation_id = excluded.activation_id, epoch = d.epoch + 1, lease_until = excluded.lease_until
        WHERE d.silo IS NULL OR d.lease_until <= now() OR d.silo = ANY(@dead)
        """;

    private const string OwnerSql =
        "SELECT silo, activation_id, epoch FROM grain_directory WHERE cluster_id = @cluster AND grain_id = @grain";

    private const string Vacate = "silo = NULL, activation_id = NULL, lease_until = NULL";

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresClusterStoreOptions _options;

    public PostgresGrainDirectory(NpgsqlDataSource dataSource, IOptions<PostgresClusterStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _dataSource = dataSource;
    }

    public async Task<GrainAddress> RegisterAsync(GrainAddress candidate, IReadOnlySet<SiloAddress> deadSilos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        ArgumentNullException.ThrowIfNull(deadSilos);
        var dead = deadSilos.Select(s => s.ToString()).ToArray();

        // One round trip, one implicit transaction: the batch's statements share it and its row lock.
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken);
        await using var batch = new NpgsqlBatch(connection) { Timeout = _options.CommandTimeoutSeconds };
        var register = new NpgsqlBatchCommand(RegisterSql);
        register.Parameters.AddWithValue(StoreCommands.ClusterParameter, _options.ClusterId);
        register.Parameters.AddWithValue("grain", candidate.GrainId.ToString());
        register.Parameters.AddWithValue("silo", candidate.Silo.ToString());
        register.Parameters.AddWithValue("activation", candidate.ActivationId);
        register.Parameters.AddWithValue("lease", _options.DirectoryLeaseDuration);
        register.Parameters.AddWithValue("dead", dead);
        var owner = new NpgsqlBatchCommand(OwnerSql);
        owner.Parameters.AddWithValue(StoreCommands.ClusterParameter, _options.ClusterId);
        owner.Parameters.AddWithValue("grain", candidate.GrainId.ToString());
        batch.BatchCommands.Add(register);
        batch.BatchCommands.Add(owner);

        await using var reader = await batch.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken) || reader.IsDBNull(0))
        {
            // Unreachable while the statements above hold: the row exists and has an owner after the upsert.
            throw new InvalidOperationException($"Grain directory row for '{candidate.GrainId}' vanished during registration.");
        }

        return ReadAddress(reader, candidate.GrainId);
    }

    public async Task<GrainAddress?> LookupAsync(GrainId grainId, CancellationToken cancellationToken)
    {
        // An expired lease counts as vacant: RegisterAsync would take it over, so it is no address to call.
        await using var command = StoreCommands.Create(
            _dataSource,
            OwnerSql + " AND silo IS NOT NULL AND lease_until > now()",
            _options);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadAddress(reader, grainId) : null;
    }

    public async Task UnregisterAsync(GrainAddress address, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(address);
        await using var command = StoreCommands.Create(
            _dataSource,
            $"""
            UPDATE grain_directory SET {Vacate}
            WHERE cluster_id = @cluster AND grain_id = @grain AND silo = @silo AND activation_id = @activation AND epoch = @epoch
            """,
            _options);
        command.Parameters.AddWithValue("grain", address.GrainId.ToString());
        command.Parameters.AddWithValue("silo", address.Silo.ToString());
        command.Parameters.AddWithValue("activation", address.ActivationId);
        command.Parameters.AddWithValue("epoch", address.Epoch);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task UnregisterSilosAsync(IReadOnlyCollection<SiloAddress> silos, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(silos);
        if (silos.Count == 0)
        {
            return;
        }

        await using var command = StoreCommands.Create(
            _dataSource,
            $"UPDATE grain_directory SET {Vacate} WHERE cluster_id = @cluster AND silo = ANY(@silos)",
            _options);
        command.Parameters.AddWithValue("silos", silos.Select(s => s.ToString()).ToArray());
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    public async Task RenewLeasesAsync(SiloAddress silo, TimeSpan leaseDuration, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(leaseDuration, TimeSpan.Zero);
        await using var command = StoreCommands.Create(
            _dataSource,
            "UPDATE grain_directory SET lease_until = now() + @lease WHERE cluster_id = @cluster AND silo = @silo",
            _options);
        command.Parameters.AddWithValue("silo", silo.ToString());
        command.Parameters.AddWithValue("lease", leaseDuration);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static GrainAddress ReadAddress(NpgsqlDataReader reader, GrainId grainId) =>
        new(grainId, SiloAddress.Parse(reader.GetString(0)), reader.GetString(1), reader.GetInt64(2));
}
