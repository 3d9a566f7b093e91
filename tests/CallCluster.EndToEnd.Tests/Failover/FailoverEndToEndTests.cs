using CallCluster.Load.Failover;
using CallCluster.Testing;

namespace CallCluster.EndToEnd.Tests.Failover;

/// <summary>
/// Issue 5's failover acceptance: two <c>callcluster silo</c> processes and one <c>callcluster edge</c> on PostgreSQL,
/// 20 concurrent scripted refund calls over real SIP/RTP with real speech, SIGKILL to the silo holding about half of
/// them mid-conversation.
/// </summary>
[Trait("Category", TestCategories.EndToEnd)]
[Trait("Category", TestCategories.Postgres)]
public sealed class FailoverEndToEndTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>
{
    private const int Calls = 20;

    [Fact]
    public async Task Killing_the_silo_under_half_of_twenty_calls_loses_no_call_turn_or_write_and_the_agent_is_silent_under_a_second()
    {
        var progress = new StringWriter();
        var options = new FailoverOptions
        {
            Launch = NodeLaunch.OfAssemblyBeside(AppContext.BaseDirectory),
            ConnectionString = database.ConnectionString,
            CreateDatabase = false,
            AgentFile = Path.Combine(RepositoryRoot(), "agents", "customer-service.yaml"),
            Calls = Calls,
            Progress = TextWriter.Synchronized(progress),
        };
        try
        {
            var report = await FailoverDriver.RunAsync(options, TestContext.Current.CancellationToken)
                .WaitAsync(TimeSpan.FromMinutes(4.5), TestContext.Current.CancellationToken);
            TestContext.Current.TestOutputHelper?.WriteLine(progress.ToString());

            Assert.InRange(report.CallsOnKilledSilo, Calls / 4, Calls - (Calls / 4));
            Assert.Equal(Calls, report.CallsFinished);
            Assert.Equal(0, report.TurnsLost);
            Assert.Equal(0, report.DuplicateWrites);
            Assert.Equal(0, report.MissingWrites);
            Assert.All(report.PerCall.Where(c => c.FailedOver), c => Assert.True(c.Resumes >= 1, $"call #{c.Number} failed over but never resumed"));
            Assert.All(report.PerCall.Where(c => c.FailedOver), c => Assert.NotNull(c.GapMs));
            Assert.True(report.GapP95Ms <= FailoverReport.GapP95TargetMs, $"gap in agent audio p95 {report.GapP95Ms} ms > {FailoverReport.GapP95TargetMs} ms");
            Assert.Empty(report.Problems);
            DeleteQuietly(options.WorkingDirectory);
        }
        catch
        {
            // The node logs and evidence packages stay for the post-mortem.
            TestContext.Current.TestOutputHelper?.WriteLine(progress.ToString());
            TestContext.Current.TestOutputHelper?.WriteLine($"Node logs and evidence: {options.WorkingDirectory}");
            throw;
        }
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "agents", "customer-service.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("agents/customer-service.yaml not found above " + AppContext.BaseDirectory);
    }

    private static void DeleteQuietly(string directory)
    {
        try
        {
            Directory.Delete(directory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
            // The run failed before it made it.
        }
    }
}
