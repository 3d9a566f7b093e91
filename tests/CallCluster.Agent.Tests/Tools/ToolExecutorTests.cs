using System.Text.RegularExpressions;
using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Tools;
using CallCluster.Testing;

namespace CallCluster.Agent.Tests.Tools;

public sealed class ToolExecutorTests
{
    private static readonly SourceLocation Here = new("test.yaml", 1, 1);
    private readonly InMemoryToolAuditSink _audit = new();
    private readonly ManualTimeProvider _time = new();

    private static ToolDefinition Refund(string backend = "fake") => new()
    {
        Name = "refund",
        Location = Here,
        Backend = backend,
        Operation = "refund",
        Requires = ["identity_verified"],
        IdempotencyKey = Template.Parse("{order_number}", Here, []),
        Redact = ["order_number"],
        Arguments = new JsonSchema
        {
            Required = ["order_number"],
            Properties = new Dictionary<string, JsonSchema>(StringComparer.Ordinal)
            {
                ["order_number"] = new() { Type = "string", Pattern = new Regex("^[0-9]{6}$", RegexOptions.None, TimeSpan.FromSeconds(1)) },
            },
        },
    };

    private static Dictionary<string, string> Order(string number) => new(StringComparer.Ordinal) { ["order_number"] = number };

    private static ConversationState Verified()
    {
        var state = ConversationState.Create("call-1");
        state.AgentVersion = "v1";
        state.Flags.Add("identity_verified");
        return state;
    }

    [Fact]
    public async Task Authorization_comes_from_call_state_not_the_request()
    {
        var backend = new FakeBackend((_, _) => ValueTask.FromResult(ToolResult.Of(ToolResult.Ok)));
        var executor = new ToolExecutor([backend], _audit, _time);

        var record = await executor.ExecuteAsync(Refund(), Order("123456"), ConversationState.Create("call-1"), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResult.Denied, record.Outcome);
        Assert.Contains("identity_verified", record.Error, StringComparison.Ordinal);
        Assert.Equal(0, backend.Calls);
        Assert.Equal(ToolResult.Denied, Assert.Single(_audit.Records).Outcome);
    }

    [Fact]
    public async Task Invalid_arguments_never_reach_the_backend()
    {
        var backend = new FakeBackend((_, _) => ValueTask.FromResult(ToolResult.Of(ToolResult.Ok)));
        var executor = new ToolExecutor([backend], _audit, _time);

        var record = await executor.ExecuteAsync(Refund(), Order("12x456"), Verified(), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResult.Invalid, record.Outcome);
        Assert.Contains("does not match", record.Error, StringComparison.Ordinal);
        Assert.Equal(0, backend.Calls);
    }

    [Fact]
    public async Task Repeated_request_makes_one_side_effect_and_is_audited_twice_with_redaction()
    {
        var backend = new FakeBackend((invocation, _) => ValueTask.FromResult(ToolResult.Of(ToolResult.Ok, ("refund_id", "R-" + invocation.IdempotencyKey))));
        var executor = new ToolExecutor([backend], _audit, _time);
        var state = Verified();

        var first = await executor.ExecuteAsync(Refund(), Order("123456"), state, TestContext.Current.CancellationToken);
        var second = await executor.ExecuteAsync(Refund(), Order("123456"), state, TestContext.Current.CancellationToken);

        Assert.Equal(1, backend.Calls);
        Assert.False(first.Replayed);
        Assert.True(second.Replayed);
        Assert.Equal(first.Result["refund_id"], second.Result["refund_id"]);
        Assert.Equal("R-refund:123456", first.Result["refund_id"]);
        Assert.Equal(2, _audit.Records.Count);
        Assert.All(_audit.Records, r => Assert.Equal("""{"order_number":"[redacted]"}""", r.Arguments));
        Assert.All(_audit.Records, r => Assert.Equal(("call-1", "v1", "refund"), (r.CallId, r.AgentVersion, r.Tool)));
    }

    [Fact]
    public async Task A_throwing_backend_gives_an_error_outcome_not_an_exception()
    {
        var backend = new FakeBackend((_, _) => throw new HttpRequestException("connection refused"));
        // The refund has an idempotency key, so it is retried after a real (short) back-off delay.
        var executor = new ToolExecutor([backend], _audit, TimeProvider.System);

        var record = await executor.ExecuteAsync(Refund(), Order("123456"), Verified(), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResult.Error, record.Outcome);
        Assert.Contains("connection refused", record.Error, StringComparison.Ordinal);
        Assert.Equal(ToolResult.Error, Assert.Single(_audit.Records).Outcome);
    }

    [Fact]
    public async Task Only_idempotent_tools_are_retried()
    {
        var failing = new FakeBackend((_, _) => throw new InvalidOperationException("flaky"));
        var executor = new ToolExecutor([failing], _audit, TimeProvider.System);
        var write = Refund() with { IdempotencyKey = null, Requires = [] };
        var read = write with { Name = "read", Idempotent = true, Retries = 2 };

        await executor.ExecuteAsync(write, Order("123456"), ConversationState.Create("c"), TestContext.Current.CancellationToken);
        Assert.Equal(1, failing.Calls);

        await executor.ExecuteAsync(read, Order("123456"), ConversationState.Create("c"), TestContext.Current.CancellationToken);
        Assert.Equal(1 + 3, failing.Calls);
    }

    [Fact]
    public async Task A_hanging_backend_times_out()
    {
        var hanging = new FakeBackend(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return ToolResult.Of(ToolResult.Ok);
        });
        var executor = new ToolExecutor([hanging], _audit, TimeProvider.System);
        var tool = Refund() with { Requires = [], IdempotencyKey = null, Timeout = TimeSpan.FromMilliseconds(50) };

        var record = await executor.ExecuteAsync(tool, Order("123456"), ConversationState.Create("c"), TestContext.Current.CancellationToken);

        Assert.Equal(ToolResult.Error, record.Outcome);
        Assert.Contains("timed out", record.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_circuit_opens_after_repeated_failures()
    {
        var failing = new FakeBackend((_, _) => throw new InvalidOperationException("down"));
        var executor = new ToolExecutor([failing], _audit, _time);
        var tool = Refund() with { Requires = [], IdempotencyKey = null };

        for (var i = 0; i < 5; i++)
        {
            await executor.ExecuteAsync(tool, Order("123456"), ConversationState.Create("c"), TestContext.Current.CancellationToken);
        }

        var rejected = await executor.ExecuteAsync(tool, Order("123456"), ConversationState.Create("c"), TestContext.Current.CancellationToken);

        Assert.Equal(5, failing.Calls);
        Assert.Equal(ToolResult.Error, rejected.Outcome);
        Assert.Contains("circuit open", rejected.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_successful_tool_sets_its_flag()
    {
        var backend = new FakeBackend((_, _) => ValueTask.FromResult(ToolResult.Of(ToolResult.Ok)));
        var executor = new ToolExecutor([backend], _audit, _time);
        var verify = Refund() with { Name = "verify", Requires = [], IdempotencyKey = null, SetsFlag = "identity_verified" };
        var state = ConversationState.Create("c");

        await executor.ExecuteAsync(verify, Order("123456"), state, TestContext.Current.CancellationToken);

        Assert.Contains("identity_verified", state.Flags);
    }

    private sealed class FakeBackend(Func<ToolInvocation, CancellationToken, ValueTask<ToolResult>> execute) : IToolBackend
    {
        private int _calls;

        public int Calls => Volatile.Read(ref _calls);

        public string Name => "fake";

        public ValueTask<ToolResult> ExecuteAsync(ToolInvocation invocation, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _calls);
            return execute(invocation, cancellationToken);
        }
    }
}
