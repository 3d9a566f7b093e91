using System.Globalization;
using System.Text.Json;
using CallCluster.Runtime.Persistence;
using Microsoft.Extensions.Options;
using Npgsql;

namespace CallCluster.Runtime.Postgres.Persistence;

/// <summary>
/// Grain state as jsonb, one row per (grain, state name). The ETag is the row's version number. A write
/// or clear is one statement, conditional on the ETag and on the writer's epoch being the epoch the
/// grain directory holds now (the fence); it takes a share lock on the directory row, so a takeover
/// either waits for the write to commit or the write sees the new epoch and is refused.
/// </summary>
public sealed class PostgresGrainStorage : IGrainStorage
{
    private const string Fence =
        "fence AS (SELECT epoch FROM grain_directory WHERE cluster_id = @cluster AND grain_id = @grain FOR SHARE)";

    private const string Outcome =
        """
        SELECT (SELECT etag FROM changed),
               (SELECT epoch FROM fence),
               (SELECT etag FROM grain_state WHERE cluster_id = @cluster AND grain_id = @grain AND state_name = @name)
        """;

    // A first write (no ETag) inserts only if no row exists; a row that exists means a competing write.
    private const string InsertSql =
        $"""
        WITH {Fence},
        changed AS (
            INSERT INTO grain_state (cluster_id, grain_id, state_name, state, etag, epoch)
            SELECT @cluster, @grain, @name, @state::jsonb, 1, @epoch
            WHERE EXISTS (SELECT 1 FROM fence WHERE fence.epoch = @epoch)
            ON CONFLICT (cluster_id, grain_id, state_name) DO NOTHING
            RETURNING etag)
        {Outcome}
        """;

    // A clear keeps the row with state NULL so the version keeps counting: an ETag is never reused.
    private const string UpdateSql =
        $"""
        WITH {Fence},
        changed AS (
            UPDATE grain_state s SET state = @state::jsonb, etag = s.etag + 1, epoch = @epoch, updated_at = now()
            WHERE s.cluster_id = @cluster AND s.grain_id = @grain AND s.state_name = @name AND s.etag::text = @etag
              AND EXISTS (SELECT 1 FROM fence WHERE fence.epoch = @epoch)
            RETURNING s.etag)
        {Outcome}
        """;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresClusterStoreOptions _options;

    public PostgresGrainStorage(NpgsqlDataSource dataSource, IOptions<PostgresClusterStoreOptions> options)
    {
        ArgumentNullException.ThrowIfNull(dataSource);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _options.Validate();
        _dataSource = dataSource;
    }

    public async Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        await using var command = StoreCommands.Create(
            _dataSource,
            "SELECT state::text, etag FROM grain_state WHERE cluster_id = @cluster AND grain_id = @grain AND state_name = @name",
            _options);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        command.Parameters.AddWithValue("name", stateName);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            Reset(grainState, etag: null);
            return;
        }

        var etag = reader.GetInt64(1).ToString(CultureInfo.InvariantCulture);
        if (reader.IsDBNull(0))
        {
            Reset(grainState, etag);
            return;
        }

        try
        {
            grainState.State = JsonSerializer.Deserialize<T>(reader.GetString(0), _options.StateSerializerOptions)!;
        }
        catch (JsonException e)
        {
            // The stored row stays as it is: the fix is in the state type, not in deleting the data.
            throw new InvalidOperationException(
                $"State '{stateName}' of grain {grainId} (ETag {etag}) cannot be read as {typeof(T).Name}: {e.Message}", e);
        }

        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.Serialize(grainState.State, _options.StateSerializerOptions);
        var etag = await ChangeAsync("write", stateName, grainId, grainState.ETag, json, epoch, cancellationToken);
        grainState.ETag = etag;
        grainState.RecordExists = true;
    }

    public async Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(stateName);
        ArgumentNullException.ThrowIfNull(grainState);
        var etag = await ChangeAsync("clear", stateName, grainId, grainState.ETag, json: null, epoch, cancellationToken);
        Reset(grainState, etag);
    }

    private async Task<string> ChangeAsync(
        string operation, string stateName, GrainId grainId, string? presentedETag, string? json, long epoch, CancellationToken cancellationToken)
    {
        await using var command = StoreCommands.Create(_dataSource, presentedETag is null ? InsertSql : UpdateSql, _options);
        command.Parameters.AddWithValue("grain", grainId.ToString());
        command.Parameters.AddWithValue("name", stateName);
        command.Parameters.AddWithValue("state", (object?)json ?? DBNull.Value).NpgsqlDbType = NpgsqlTypes.NpgsqlDbType.Text;
        command.Parameters.AddWithValue("epoch", epoch);
        if (presentedETag is not null)
        {
            command.Parameters.AddWithValue("etag", presentedETag);
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        await reader.ReadAsync(cancellationToken);
        if (!reader.IsDBNull(0))
        {
            return reader.GetInt64(0).ToString(CultureInfo.InvariantCulture);
        }

        long? directoryEpoch = reader.IsDBNull(1) ? null : reader.GetInt64(1);
        string? storedETag = reader.IsDBNull(2) ? null : reader.GetInt64(2).ToString(CultureInfo.InvariantCulture);
        throw Refusal(operation, stateName, grainId, epoch, directoryEpoch, presentedETag, storedETag);
    }

    /// <summary>Names every condition that failed, the fence first: a fenced writer must deactivate, not retry.</summary>
    private static InconsistentStateException Refusal(
        string operation, string stateName, GrainId grainId, long epoch, long? directoryEpoch, string? presentedETag, string? storedETag)
    {
        var reasons = new List<string>(2);
        if (directoryEpoch is null)
        {
            reasons.Add($"the grain has no directory registration, so epoch {epoch} cannot be current");
        }
        else if (directoryEpoch != epoch)
        {
            reasons.Add($"epoch fence: the writer holds epoch {epoch} but the directory holds epoch {directoryEpoch} (a newer activation owns the grain)");
        }

        if (presentedETag is null && storedETag is not null)
        {
            reasons.Add($"ETag mismatch: the writer expected no record but version {storedETag} exists");
        }
        else if (presentedETag is not null && !string.Equals(presentedETag, storedETag, StringComparison.Ordinal))
        {
            reasons.Add($"ETag mismatch: the writer presented {presentedETag} but the store holds {storedETag ?? "no record"}");
        }
        else if (reasons.Count == 0)
        {
            reasons.Add($"ETag mismatch: a concurrent write moved the record on from {presentedETag ?? "no record"}");
        }

        return new InconsistentStateException(
            $"State '{stateName}' of grain {grainId}: {operation} refused; {string.Join("; ", reasons)}.",
            storedETag,
            presentedETag);
    }

    private static void Reset<T>(IGrainState<T> grainState, string? etag)
    {
        grainState.State = FreshState<T>.Create();
        grainState.ETag = etag;
        grainState.RecordExists = false;
    }

    /// <summary>
    /// No record (never written, or cleared): like Orleans, the grain gets a fresh state object rather than
    /// null when the type has a parameterless constructor. The reflection runs once per state type.
    /// </summary>
    private static class FreshState<T>
    {
        private static readonly bool Constructible = typeof(T).IsValueType || typeof(T).GetConstructor(Type.EmptyTypes) is not null;

        public static T Create() => Constructible ? Activator.CreateInstance<T>() : default!;
    }
}
