namespace CallCluster.Runtime.Persistence;

/// <summary>A grain's persisted state as a storage provider sees it (Orleans' IGrainState&lt;T&gt;).</summary>
public interface IGrainState<T>
{
    T State { get; set; }

    /// <summary>The version last read or written; null when no record exists.</summary>
    string? ETag { get; set; }

    bool RecordExists { get; set; }
}
