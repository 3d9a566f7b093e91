using System.Globalization;

namespace CallCluster.Runtime.Membership;

/// <summary>
/// The membership table in process memory (Orleans' development clustering), shared by every silo of a
/// one-process cluster. Same compare-and-swap rules as the PostgreSQL table.
/// </summary>
public sealed class InMemoryMembershipTable : IMembershipTable
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, MembershipRow> _rows = [];
    private TableVersion _version = new(0, "0");
    private long _nextETag;

    public Task InitializeAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task<MembershipTableData> ReadAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new MembershipTableData([.. _rows.Values], _version));
        }
    }

    public Task<MembershipTableData> ReadRowAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult(new MembershipTableData(_rows.TryGetValue(silo, out var row) ? [row] : [], _version));
        }
    }

    public Task<bool> InsertRowAsync(MembershipEntry entry, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!VersionMatches(version) || _rows.ContainsKey(entry.Silo))
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(entry, NewETag());
            MoveVersion();
            return Task.FromResult(true);
        }
    }

    public Task<bool> UpdateRowAsync(MembershipEntry entry, string etag, TableVersion version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            if (!VersionMatches(version) || !_rows.TryGetValue(entry.Silo, out var row) || row.ETag != etag)
            {
                return Task.FromResult(false);
            }

            _rows[entry.Silo] = new MembershipRow(entry, NewETag());
            MoveVersion();
            return Task.FromResult(true);
        }
    }

    public Task UpdateIAmAliveAsync(SiloAddress silo, DateTimeOffset iAmAliveTime, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            if (_rows.TryGetValue(silo, out var row))
            {
                _rows[silo] = row with { Entry = row.Entry with { IAmAliveTime = iAmAliveTime } };
            }
        }

        return Task.CompletedTask;
    }

    public Task CleanupDefunctSiloEntriesAsync(DateTimeOffset beforeDate, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            foreach (var silo in _rows.Values.Where(r => r.Entry.Status == SiloStatus.Dead && r.Entry.IAmAliveTime < beforeDate).Select(r => r.Entry.Silo).ToList())
            {
                _rows.Remove(silo);
            }
        }

        return Task.CompletedTask;
    }

    private bool VersionMatches(TableVersion proposed) => proposed.Version == _version.Version + 1 && proposed.ETag == _version.ETag;

    private void MoveVersion() => _version = new TableVersion(_version.Version + 1, NewETag());

    private string NewETag() => (++_nextETag).ToString(CultureInfo.InvariantCulture);
}
