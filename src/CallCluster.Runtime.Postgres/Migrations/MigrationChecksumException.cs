namespace CallCluster.Runtime.Postgres.Migrations;

/// <summary>
/// An applied migration's file was edited after it ran. The database no longer matches what the code
/// believes it ran, so the silo refuses to start; ship the change as a new migration instead.
/// </summary>
public sealed class MigrationChecksumException : Exception
{
    public MigrationChecksumException()
    {
    }

    public MigrationChecksumException(string message)
        : base(message)
    {
    }

    public MigrationChecksumException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
