using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Membership;
using CallCluster.Runtime.Persistence;

namespace CallCluster.Runtime.Hosting;

/// <summary>
/// The cluster store a silo runs on: the same membership table, directory and storage instances (or the
/// same database) for every silo of a cluster. <see cref="InMemory"/> builds the one-process store.
/// </summary>
public sealed record SiloProviders(
    IMembershipTable MembershipTable,
    IGrainDirectory GrainDirectory,
    IReadOnlyDictionary<string, IGrainStorage> GrainStorage)
{
    /// <summary>The silo's clock: grain timers, idle collection, membership timing. Default <see cref="TimeProvider.System"/>.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>An in-memory store for a one-process cluster; storage is fenced by this directory's epochs.</summary>
    public static SiloProviders InMemory(TimeProvider? directoryTime = null)
    {
        var directory = new InMemoryGrainDirectory(directoryTime ?? TimeProvider.System);
        return new SiloProviders(
            new InMemoryMembershipTable(),
            directory,
            new Dictionary<string, IGrainStorage>(StringComparer.Ordinal) { [PersistentStateAttribute.DefaultStorage] = new InMemoryGrainStorage(directory) });
    }
}
