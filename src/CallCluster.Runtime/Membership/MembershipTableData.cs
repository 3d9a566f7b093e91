namespace CallCluster.Runtime.Membership;

/// <summary>A consistent snapshot of the membership table: rows with their ETags, and the version row.</summary>
public sealed record MembershipTableData(IReadOnlyList<MembershipRow> Rows, TableVersion Version);

/// <summary>A membership row with the ETag that a conditional update must present.</summary>
public sealed record MembershipRow(MembershipEntry Entry, string ETag);
