using CallCluster.Agent.Simulation;

namespace CallCluster.Agent.Tests.Engine;

/// <summary>Replays every saved simulator session in Sessions/ and checks the state each turn reached.</summary>
public sealed class SessionReplayTests
{
    public static TheoryData<string> Sessions() =>
        new(Directory.GetFiles(RepoPaths.Sessions, "*.yaml").Select(Path.GetFileName).Order(StringComparer.Ordinal)!);

    [Fact]
    public void There_are_saved_sessions() => Assert.NotEmpty(Sessions());

    [Theory]
    [MemberData(nameof(Sessions))]
    public async Task Saved_session_replays(string file)
    {
        var failures = await SessionReplayer.ReplayAsync(Path.Combine(RepoPaths.Sessions, file), TestContext.Current.CancellationToken);
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
    }

    [Fact]
    public async Task A_session_that_no_longer_holds_fails_with_the_difference()
    {
        var source = Directory.GetFiles(RepoPaths.Sessions, "*.yaml").Order(StringComparer.Ordinal).First();
        var session = SessionFile.Load(source);
        session.Agent = Path.GetFullPath(Path.Combine(RepoPaths.Sessions, session.Agent));
        session.Turns[^1].Expect.Node = "no_such_node";
        var copy = Path.Combine(Path.GetTempPath(), $"session-{Guid.NewGuid():N}.yaml");
        try
        {
            SessionFile.Save(session, copy);
            var failures = await SessionReplayer.ReplayAsync(copy, TestContext.Current.CancellationToken);
            Assert.Contains(failures, f => f.Contains("node expected no_such_node", StringComparison.Ordinal));
        }
        finally
        {
            File.Delete(copy);
        }
    }
}
