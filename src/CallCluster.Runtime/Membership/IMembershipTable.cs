namespace CallCluster.Runtime.Membership;

/// <summary>
/// The cluster's membership table, in the shape of Orleans' IMembershipTable. Writes are conditional:
/// <see cref="InsertRowAsync"/> and <see cref="UpdateRowAsync"/> succeed only if the version row still
/// holds <c>version.Version - 1</c> (and, for updates, the row still has <c>etag</c>), and they return
/// false rather than throw when they lose the race, so the caller re-reads and retries.
/// </summary>
public interface IMembershipTable
{
    /// <summary>Creates the version row for this cluster if it does not exist (idempotent).</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken);

    Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken);

    /// <param name="version">The version to write: the one read, moved on by <see cref="TableVersion.Next"/>.</param>
    Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken);

    /// <param name="version">The version to write: the one read, moved on by <see cref="TableVersion.Next"/>.</param>
    Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken);

    /// <summary>Heartbeat: writes only the row's IAmAlive time, unconditionally, without moving the version.</summary>
    Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken);

    /// <summary>Deletes Dead rows whose IAmAlive time is older than <paramref name="beforeDate"/>.</summary>
    Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken);
}
