namespace CallCluster.Runtime.Membership;

/// <summary>
/// The membership table's version row. Every insert or update of a silo row also moves the version
/// from <see cref="Version"/> to <see cref="Version"/> + 1 in the same transaction, conditional on
/// <see cref="ETag"/>: that compare-and-swap serializes all membership changes cluster-wide.
/// </summary>
public readonly record struct TableVersion(int Version, string ETag)
{
    public TableVersion Next() => new(Version + 1, ETag);
}
