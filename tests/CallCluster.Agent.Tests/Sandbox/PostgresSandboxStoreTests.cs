using CallCluster.Agent.Engine;
using CallCluster.Agent.Graph;
using CallCluster.Agent.Providers.Sandbox;
using CallCluster.Agent.Sandbox;
using CallCluster.Agent.Simulation;
using CallCluster.Testing;
using Npgsql;

namespace CallCluster.Agent.Tests.Sandbox;

/// <summary>The default agent against the sandbox store on a real PostgreSQL server; assertions read the final rows.</summary>
[Trait("Category", TestCategories.Postgres)]
public sealed class PostgresSandboxStoreTests(PostgresDatabase database) : IClassFixture<PostgresDatabase>, IAsyncLifetime
{
    private static readonly AgentGraph Graph = AgentConfigLoader.LoadFile(RepoPaths.DefaultAgent);
    private readonly NpgsqlDataSource _dataSource = NpgsqlDataSource.Create(database.ConnectionString);
    private readonly string _runId = "run-" + Guid.NewGuid().ToString("N")[..8];
    private PostgresSandboxStore _store = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _store = new PostgresSandboxStore(_dataSource);
        await _store.MigrateAsync(Token);
        await _store.MigrateAsync(Token); // idempotent
        await _store.SeedAsync(SandboxFixtures.LoadFile(Graph.FixturesFile!), Token);
    }

    public async ValueTask DisposeAsync() => await _dataSource.DisposeAsync();

    private async Task<long> CountAsync(string sql)
    {
        await using var command = _dataSource.CreateCommand(sql);
        command.Parameters.Add(new NpgsqlParameter { Value = _runId });
        return (long)(await command.ExecuteScalarAsync(Token))!;
    }

    private async Task RefundAsync(ConversationEngine engine, ConversationState state, bool startOver)
    {
        if (startOver)
        {
            await engine.StartAsync(state, Token);
        }

        await engine.HandleUtteranceAsync(state, "I'd like a refund", Token);
        await engine.HandleDtmfAsync(state, "234567#", Token);
        await engine.HandleUtteranceAsync(state, "one zero zero zero one", Token);
        await engine.HandleUtteranceAsync(state, "yes", Token);
    }

    [Fact]
    public async Task Repeated_refund_requests_leave_one_row()
    {
        var agent = SandboxAgent.Create(Graph, TimeProvider.System, _store);
        var call = ConversationState.Create("pg-call-1", "+15550111", _runId);
        await RefundAsync(agent.Engine, call, startOver: true);
        await RefundAsync(agent.Engine, call, startOver: false); // same call: the ledger answers
        var secondCall = ConversationState.Create("pg-call-2", "+15550111", _runId);
        await RefundAsync(agent.Engine, secondCall, startOver: true); // new call: the database answers

        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sandbox_refunds WHERE run_id = $1"));
        var refund = Assert.Single(await _store.RefundsAsync(_runId, Token));
        Assert.Equal(("234567", 4500L), (refund.OrderNumber, refund.AmountCents));
        Assert.Equal(["ok", "ok", "already_refunded"], agent.Audit.Records.Where(r => r.Tool == "create_refund").Select(r => r.Outcome));
        Assert.Equal([false, true, false], agent.Audit.Records.Where(r => r.Tool == "create_refund").Select(r => r.Replayed));
    }

    [Fact]
    public async Task Concurrent_refunds_of_one_order_make_one_row()
    {
        var writes = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            _store.CreateRefundAsync("123456", 8990, $"key-{i}", _runId, Token).AsTask()));

        Assert.Single(writes, w => w.Created);
        Assert.All(writes, w => Assert.Equal(writes.Single(x => x.Created).Refund.Id, w.Refund.Id));
        Assert.Equal(1, await CountAsync("SELECT count(*) FROM sandbox_refunds WHERE run_id = $1"));
        await _store.CleanUpAsync(_runId, Token);
    }

    [Fact]
    public async Task Callback_opt_out_and_transfer_ticket_are_recorded_and_cleaned_up_by_run()
    {
        // Monday 5 January 2026, 10:00 UTC: "the day after tomorrow" is the 7th.
        var agent = SandboxAgent.Create(Graph, new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero)), _store);
        var booking = ConversationState.Create("pg-call-3", "+15550100", _runId);
        await agent.Engine.StartAsync(booking, Token);
        await agent.Engine.HandleUtteranceAsync(booking, "call me back", Token);
        await agent.Engine.HandleUtteranceAsync(booking, "the day after tomorrow", Token);
        await agent.Engine.HandleUtteranceAsync(booking, "at 10:30 am", Token);
        await agent.Engine.HandleUtteranceAsync(booking, "actually let me talk to a person", Token);
        var optOut = ConversationState.Create("pg-call-4", "+15550199", _runId);
        await agent.Engine.StartAsync(optOut, Token);
        await agent.Engine.HandleUtteranceAsync(optOut, "take me off your list, do not call", Token);

        var callback = Assert.Single(await _store.CallbacksAsync(_runId, Token));
        Assert.Equal((new DateOnly(2026, 1, 7), new TimeOnly(10, 30)), (callback.Date, callback.Time));
        Assert.Single(await _store.TicketsAsync(_runId, Token));
        Assert.True(await _store.IsDoNotCallAsync("+15550199", Token));
        Assert.Equal(("opted_out", true), (optOut.Disposition, optOut.Ended));

        await _store.CleanUpAsync(_runId, Token);

        Assert.Empty(await _store.CallbacksAsync(_runId, Token));
        Assert.Empty(await _store.TicketsAsync(_runId, Token));
        Assert.False(await _store.IsDoNotCallAsync("+15550199", Token));
        Assert.NotNull(await _store.FindOrderAsync("123456", Token)); // fixtures stay
    }
}
