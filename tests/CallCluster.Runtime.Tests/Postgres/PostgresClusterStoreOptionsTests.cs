using CallCluster.Runtime.Postgres;

namespace CallCluster.Runtime.Tests.Postgres;

public sealed class PostgresClusterStoreOptionsTests
{
    [Fact]
    public void Every_invalid_option_is_named_at_once()
    {
        var options = new PostgresClusterStoreOptions { CommandTimeout = TimeSpan.Zero, DirectoryLeaseDuration = TimeSpan.FromMilliseconds(10) };

        var error = Assert.Throws<ArgumentException>(options.Validate);

        Assert.Contains("ConnectionString is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("ClusterId is required", error.Message, StringComparison.Ordinal);
        Assert.Contains("CommandTimeout must be at least 1 s", error.Message, StringComparison.Ordinal);
        Assert.Contains("DirectoryLeaseDuration must be at least 1 s", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Defaults_with_a_connection_string_and_cluster_id_are_valid()
    {
        var options = new PostgresClusterStoreOptions { ConnectionString = "Host=/var/run/postgresql", ClusterId = "c" };

        options.Validate();

        Assert.Equal(TimeSpan.FromSeconds(30), options.CommandTimeout);
        Assert.Equal(TimeSpan.FromSeconds(60), options.DirectoryLeaseDuration);
    }
}
