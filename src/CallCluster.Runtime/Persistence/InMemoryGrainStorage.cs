using System.Globalization;
using System.Text.Json;
using CallCluster.Runtime.Directory;

namespace CallCluster.Runtime.Persistence;

/// <summary>
/// Grain state in process memory, for one-process clusters and tests. It keeps state as JSON (so a grain
/// never shares an object with the store) and fences writes like the PostgreSQL provider: the ETag must
/// match, and the writer's epoch must be the grain's current directory epoch (when a directory is given)
/// and never older than an epoch that already wrote.
/// </summary>
public sealed class InMemoryGrainStorage(InMemoryGrainDirectory? directory = null) : IGrainStorage
{
    // Fields included, as on the wire: state types with public fields must not round-trip empty.
    private static readonly JsonSerializerOptions JsonOptions = new() { IncludeFields = true };

    private readonly Lock _gate = new();
    private readonly Dictionary<(string State, GrainId Grain), Record> _records = [];
    private long _nextETag;

    public Task ReadStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        lock (_gate)
        {
            if (_records.TryGetValue((stateName, grainId), out var record) && record.Json is not null)
            {
                grainState.State = JsonSerializer.Deserialize<T>(record.Json, JsonOptions)!;
                grainState.ETag = record.ETag;
                grainState.RecordExists = true;
            }
            else
            {
                grainState.ETag = record?.ETag;
                grainState.RecordExists = false;
            }
        }

        return Task.CompletedTask;
    }

    public Task WriteStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        var json = JsonSerializer.SerializeToUtf8Bytes(grainState.State, JsonOptions);
        Put(stateName, grainId, grainState, epoch, json);
        grainState.RecordExists = true;
        return Task.CompletedTask;
    }

    public Task ClearStateAsync<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(grainState);
        Put(stateName, grainId, grainState, epoch, json: null);
        grainState.RecordExists = false;
        return Task.CompletedTask;
    }

    private void Put<T>(string stateName, GrainId grainId, IGrainState<T> grainState, long epoch, byte[]? json)
    {
        lock (_gate)
        {
            _records.TryGetValue((stateName, grainId), out var record);
            if (record?.ETag != grainState.ETag)
            {
                throw new InconsistentStateException($"State '{stateName}' of {grainId} was written by someone else.", record?.ETag, grainState.ETag);
            }

            var currentEpoch = directory?.CurrentEpoch(grainId);
            if (epoch < (record?.Epoch ?? 0) || (currentEpoch is { } current && current != epoch))
            {
                throw new InconsistentStateException(
                    $"State '{stateName}' of {grainId}: epoch {epoch} is not the grain's current epoch {currentEpoch ?? record?.Epoch}; a newer activation owns it.",
                    record?.ETag,
                    grainState.ETag);
            }

            var etag = (++_nextETag).ToString(CultureInfo.InvariantCulture);
            _records[(stateName, grainId)] = new Record(json, etag, epoch);
            grainState.ETag = etag;
        }
    }

    private sealed record Record(byte[]? Json, string ETag, long Epoch);
}
