namespace CallCluster.Runtime.Persistence;

/// <summary>
/// A grain's persisted state (Orleans' IPersistentState&lt;T&gt;), read before OnActivateAsync. Writes are
/// fenced by the ETag and by the activation's directory epoch: if a write throws
/// <see cref="InconsistentStateException"/>, this activation no longer owns the grain and deactivates after
/// the current turn; the next call activates it afresh and reloads.
/// </summary>
public interface IPersistentState<TState>
{
    TState State { get; set; }

    /// <summary>The version of the stored record this state was read from or last written as; null if none.</summary>
    string? Etag { get; }

    bool RecordExists { get; }

    Task ReadStateAsync(CancellationToken cancellationToken = default);

    Task WriteStateAsync(CancellationToken cancellationToken = default);

    Task ClearStateAsync(CancellationToken cancellationToken = default);
}
