namespace CallCluster.Runtime.Persistence;

/// <summary>
/// A conditional state write lost: the stored ETag moved on, or a newer activation (higher epoch) owns
/// the grain. The activation that sees this must stop writing, deactivate and let the next call reload.
/// </summary>
public sealed class InconsistentStateException : Exception
{
    public InconsistentStateException()
    {
    }

    public InconsistentStateException(string message)
        : base(message)
    {
    }

    public InconsistentStateException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public InconsistentStateException(string message, string? storedETag, string? currentETag)
        : base(message)
    {
        StoredETag = storedETag;
        CurrentETag = currentETag;
    }

    /// <summary>The ETag in the store, if known.</summary>
    public string? StoredETag { get; }

    /// <summary>The ETag the writer presented.</summary>
    public string? CurrentETag { get; }
}
