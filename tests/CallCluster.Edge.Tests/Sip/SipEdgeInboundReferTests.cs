using System.Collections.Concurrent;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// An edge asked to transfer its call (inbound REFER) by another edge's UA over loopback UDP, which waits for the
/// final sipfrag NOTIFY like any transferor: what the edge's <see cref="ISipTransferee"/> did is what the referrer hears.
/// </summary>
public sealed class SipEdgeInboundReferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly SipUri Queue = SipUri.Parse("sip:queue@192.0.2.7");

    [Theory]
    [InlineData(200, true)]
    [InlineData(486, false)]
    [InlineData(603, false)]
    public async Task The_referrer_gets_the_final_status_the_transferee_reached(int finalStatus, bool succeeded)
    {
        var transferee = new ScriptedTransferee(_ => Task.FromResult(finalStatus));
        var (agent, referrer) = await ConnectAsync(transferee);
        await using (agent)
        await using (referrer.Host)
        {
            var outcome = await referrer.Call.Sip.TransferAsync(Queue, Wait).WaitAsync(Wait);

            Assert.Equal(succeeded, outcome.Succeeded);
            Assert.Equal(finalStatus, outcome.StatusCode);
            Assert.Equal([Queue.ToString()], transferee.Targets);
        }
    }

    [Fact]
    public async Task A_transferee_that_fails_is_reported_as_500_rather_than_leaving_the_subscription_open()
    {
        var transferee = new ScriptedTransferee(_ => throw new InvalidOperationException("trunk down"));
        var (agent, referrer) = await ConnectAsync(transferee);
        await using (agent)
        await using (referrer.Host)
        {
            var outcome = await referrer.Call.Sip.TransferAsync(Queue, Wait).WaitAsync(Wait);

            Assert.False(outcome.Succeeded);
            Assert.Equal(500, outcome.StatusCode);
        }
    }

    [Fact]
    public async Task An_edge_without_a_transferee_refuses_the_refer_with_403()
    {
        var (agent, referrer) = await ConnectAsync(transferee: null);
        await using (agent)
        await using (referrer.Host)
        {
            var outcome = await referrer.Call.Sip.TransferAsync(Queue, Wait).WaitAsync(Wait);

            Assert.False(outcome.Succeeded);
            Assert.Equal(403, outcome.StatusCode);
            Assert.False(referrer.Call.Sip.Ended.IsCompleted);
        }
    }

    [Fact]
    public async Task A_second_refer_while_the_first_runs_is_answered_491()
    {
        var release = new TaskCompletionSource<int>(TaskCreationOptions.RunContinuationsAsynchronously);
        var transferee = new ScriptedTransferee(_ => release.Task);
        var (agent, referrer) = await ConnectAsync(transferee);
        await using (agent)
        await using (referrer.Host)
        {
            var first = referrer.Call.Sip.TransferAsync(Queue, Wait);
            await CallCluster.Testing.Eventually.TrueAsync(() => transferee.Targets.Count == 1, Wait, "the first REFER to be taken");
            var second = await referrer.Call.Sip.ReferAsync(Queue).WaitAsync(Wait);
            release.SetResult(200);

            Assert.Equal(491, second.StatusCode);
            Assert.True((await first.WaitAsync(Wait)).Succeeded);
        }
    }

    [Fact]
    public async Task A_transferee_that_hangs_up_right_after_its_final_notify_still_leaves_the_call_transferred()
    {
        // Here the edges swap roles: the called edge's handler transfers; the calling edge's phone reports 200 and hangs up
        // itself, racing the transferor's own BYE. Whichever BYE wins, the transfer was confirmed first.
        var handler = new RecordingHandler();
        await using var agent = await SipEdgeHost.StartAsync(handler);
        await using var phone = await SipEdgeHost.StartAsync(
            new RecordingHandler(),
            o => o.Trunks.Add(new SipTrunkOptions { Name = "agent", OutboundHost = "127.0.0.1", OutboundPort = agent.Port }));
        var call = await phone.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{agent.Port}"), "agent", CancellationToken.None).WaitAsync(Wait);
        call.Sip.ReferReceived = _ => 202;
        call.Sip.ReferAccepted = target => _ = Task.Run(async () =>
        {
            await call.Sip.NotifyReferProgressAsync(200);
            await call.Sip.ByeAsync();
        });
        var session = await handler.Accepted.WaitAsync(Wait);

        await session.Channel.TransferAsync(new TransferRequest("sip:desk@192.0.2.9", Blind: true), CancellationToken.None).AsTask().WaitAsync(Wait);

        await session.WaitForAsync(events => events.Contains("ended Agent transferred"), "the call to end as transferred");
        await call.Sip.Ended.WaitAsync(Wait);
    }

    [Fact]
    public async Task A_referrer_that_hangs_up_before_the_target_answers_still_has_the_call_moved_to_the_target()
    {
        var targetHandler = new RecordingHandler();
        await using var target = await SipEdgeHost.StartAsync(targetHandler, o => o.AnswerDelay = TimeSpan.FromSeconds(1));
        var agentHandler = new RecordingHandler();
        await using var agent = await SipEdgeHost.StartAsync(agentHandler, o =>
        {
            o.Trunks.Add(new SipTrunkOptions { Name = "pbx", AllowedSources = ["127.0.0.1"], OutboundHost = "127.0.0.1", OutboundPort = target.Port });
            o.InboundTransfers.Trunk = "pbx";
            o.InboundTransfers.AllowedTargets.Add("127.0.0.1");
        });
        await using var referrer = await SipEdgeHost.StartAsync(
            new RecordingHandler(),
            o => o.Trunks.Add(new SipTrunkOptions { Name = "agent", OutboundHost = "127.0.0.1", OutboundPort = agent.Port }));
        var leg = await referrer.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{agent.Port}"), "agent", CancellationToken.None).WaitAsync(Wait);
        var agentSession = await agentHandler.Accepted.WaitAsync(Wait);

        Assert.Equal(202, (await leg.Sip.ReferAsync(SipUri.Parse($"sip:desk@127.0.0.1:{target.Port}")).WaitAsync(Wait)).StatusCode);
        await leg.Sip.ByeAsync();

        var targetSession = await targetHandler.Accepted.WaitAsync(Wait);
        var call = Assert.Single(agent.Edge.Calls);
        await CallCluster.Testing.Eventually.TrueAsync(() => call.Sip.Dialog.CallId != call.CallId, Wait, "the call to move to the target's leg");
        Assert.DoesNotContain(agentSession.Events, e => e.StartsWith("ended", StringComparison.Ordinal));
        await agentSession.Channel.HangUpAsync(CancellationToken.None);
        await targetSession.WaitForAsync(events => events.Contains("ended Caller bye"), "the agent's hang-up to reach the target");
    }

    [Fact]
    public async Task A_target_that_does_not_answer_in_time_fails_the_transfer_with_408_and_the_call_stays()
    {
        await using var target = await SipEdgeHost.StartAsync(new RecordingHandler(), o => o.AnswerDelay = TimeSpan.FromSeconds(30));
        var agentHandler = new RecordingHandler();
        await using var agent = await SipEdgeHost.StartAsync(agentHandler, o =>
        {
            o.Trunks.Add(new SipTrunkOptions { Name = "pbx", AllowedSources = ["127.0.0.1"], OutboundHost = "127.0.0.1", OutboundPort = target.Port });
            o.InboundTransfers.Trunk = "pbx";
            o.InboundTransfers.AllowedTargets.Add("127.0.0.1");
            o.InboundTransfers.AnswerTimeout = TimeSpan.FromSeconds(1);
        });
        await using var referrer = await SipEdgeHost.StartAsync(
            new RecordingHandler(),
            o => o.Trunks.Add(new SipTrunkOptions { Name = "agent", OutboundHost = "127.0.0.1", OutboundPort = agent.Port }));
        var leg = await referrer.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{agent.Port}"), "agent", CancellationToken.None).WaitAsync(Wait);

        var outcome = await leg.Sip.TransferAsync(SipUri.Parse($"sip:desk@127.0.0.1:{target.Port}"), Wait).WaitAsync(Wait);

        Assert.False(outcome.Succeeded);
        Assert.Equal(408, outcome.StatusCode);
        var call = Assert.Single(agent.Edge.Calls);
        Assert.Equal(call.CallId, call.Sip.Dialog.CallId);
        Assert.DoesNotContain((await agentHandler.Accepted).Events, e => e.StartsWith("ended", StringComparison.Ordinal));

        // The given-up dial was CANCELled: the target stops ringing long before its 30 s answer delay, and the agent's
        // edge keeps only the referrer's call.
        await CallCluster.Testing.Eventually.TrueAsync(() => target.Edge.UserAgent.ActiveCalls == 0, Wait, "the target's ringing INVITE to be cancelled");
        await CallCluster.Testing.Eventually.WithinAsync(agent.Edge.UserAgent.WhenAbandonedCallsSettled(), Wait, "the abandoned dial to settle");
        Assert.Equal(1, agent.Edge.UserAgent.ActiveCalls);
    }

    /// <summary>The agent's edge (with <paramref name="transferee"/>) and a second edge that called it and will REFER.</summary>
    private static async Task<(SipEdgeHost Agent, (SipEdgeHost Host, SipEdgeCall Call) Referrer)> ConnectAsync(ISipTransferee? transferee)
    {
        var agent = await SipEdgeHost.StartAsync(new RecordingHandler(), transferee: transferee);
        var referrer = await SipEdgeHost.StartAsync(
            new RecordingHandler(),
            o => o.Trunks.Add(new SipTrunkOptions { Name = "agent", OutboundHost = "127.0.0.1", OutboundPort = agent.Port }));
        var call = await referrer.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{agent.Port}"), "agent", CancellationToken.None).WaitAsync(Wait);
        return (agent, (referrer, call));
    }

    private sealed class ScriptedTransferee(Func<SipUri, Task<int>> transfer) : ISipTransferee
    {
        private readonly ConcurrentQueue<string> _targets = new();

        public IReadOnlyList<string> Targets => [.. _targets];

        public bool Accepts(SipEdgeCall call, SipUri target) => true;

        public Task<int> TransferAsync(SipEdgeCall call, SipUri target, CancellationToken cancellationToken)
        {
            _targets.Enqueue(target.ToString());
            return transfer(target);
        }
    }
}
