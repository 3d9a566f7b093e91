using System.Collections.Concurrent;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>
/// Blind transfer (RFC 3515, RFC 5589) between a real <see cref="SipEdge"/> and the real SIPp on loopback: the edge as
/// transferor (the handler asks for a transfer; SIPp is the phone that reports how it went) and as transferee (SIPp
/// is a PBX that REFERs the edge's call).
/// </summary>
[Trait("Category", TestCategories.Sipp)]
public sealed class SipEdgeTransferSippTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly TransferRequest ToDesk = new("desk", Blind: true);

    [Fact]
    public async Task A_final_200_notify_completes_the_transfer_and_the_edge_leaves_with_bye()
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(handler);

        var sipp = Sipp.RunAsync(host.Port, "uac_transferee.xml", extra: ["-key", "final", "200 OK"]);
        var session = await AcceptedAsync(handler, sipp);
        await session.Channel.TransferAsync(ToDesk, CancellationToken.None).AsTask().WaitAsync(Wait);

        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Agent transferred"), "the call to end as transferred");
        await Eventually.TrueAsync(() => host.Edge.UserAgent.ActiveCalls == 0, Wait, "the call slot to be free");
    }

    [Fact]
    public async Task A_final_503_notify_fails_the_transfer_and_the_caller_stays_on_the_line()
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(handler);

        var sipp = Sipp.RunAsync(host.Port, "uac_transferee.xml", extra: ["-key", "final", "503 Service Unavailable"]);
        var session = await AcceptedAsync(handler, sipp);
        var failure = await Assert.ThrowsAsync<TransferFailedException>(() => session.Channel.TransferAsync(ToDesk, CancellationToken.None).AsTask().WaitAsync(Wait));

        Assert.Equal(503, failure.StatusCode);
        Assert.DoesNotContain(session.Events, e => e.StartsWith("ended", StringComparison.Ordinal));
        Assert.Single(host.Edge.Calls);
        await session.Channel.HangUpAsync(CancellationToken.None);
        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Agent hangup"), "the agent's own hang-up");
    }

    [Fact]
    public async Task No_notify_fails_the_transfer_after_the_configured_timeout_and_the_caller_stays_on_the_line()
    {
        var handler = new RecordingHandler();
        await using var host = await StartAsync(handler, TimeSpan.FromSeconds(2));

        var sipp = Sipp.RunAsync(host.Port, "uac_transferee_silent.xml");
        var session = await AcceptedAsync(handler, sipp);
        var failure = await Assert.ThrowsAsync<TransferFailedException>(() => session.Channel.TransferAsync(ToDesk, CancellationToken.None).AsTask().WaitAsync(Wait));

        Assert.Equal(408, failure.StatusCode);
        Assert.Single(host.Edge.Calls);
        await session.Channel.HangUpAsync(CancellationToken.None);
        (await sipp).AssertSucceeded();
        await session.WaitForAsync(events => events.Contains("ended Agent hangup"), "the agent's own hang-up");
    }

    [Fact]
    public async Task An_inbound_refer_is_accepted_carried_out_and_reported_with_trying_then_the_final_status()
    {
        var handler = new RecordingHandler();
        var transferee = new RecordingTransferee(200);
        await using var host = await StartAsync(handler, transferee: transferee);

        var result = await Sipp.RunAsync(host.Port, "uac_referrer.xml", extra: ["-key", "refer_to", "sip:queue@192.0.2.7"]);

        result.AssertSucceeded();
        Assert.Equal(["sip:queue@192.0.2.7"], transferee.Targets);
        var session = await handler.Accepted.WaitAsync(Wait);
        await session.WaitForAsync(events => events.Contains("ended Caller bye"), "the referrer's BYE");
    }

    [Fact]
    public async Task An_inbound_refer_is_refused_with_403_by_an_edge_that_takes_no_transfers_or_not_to_that_target()
    {
        var open = new RecordingTransferee(200) { Allowed = uri => uri.Host == "pbx.example.com" };
        await using var refusing = await StartAsync(new RecordingHandler());
        await using var choosy = await StartAsync(new RecordingHandler(), transferee: open);

        var noTransfers = Sipp.RunAsync(refusing.Port, "uac_referrer_refused.xml", extra: ["-key", "refer_to", "sip:queue@pbx.example.com"]);
        var notAllowed = Sipp.RunAsync(choosy.Port, "uac_referrer_refused.xml", extra: ["-key", "refer_to", "sip:queue@192.0.2.7"]);

        (await noTransfers).AssertSucceeded();
        (await notAllowed).AssertSucceeded();
        Assert.Empty(open.Targets);
    }

    [Fact]
    public async Task An_inbound_refer_to_an_allowed_target_moves_the_call_there_and_the_agent_keeps_talking()
    {
        var targetHandler = new RecordingHandler();
        await using var target = await SipEdgeHost.StartAsync(targetHandler);
        var agentHandler = new RecordingHandler();
        await using var agent = await SipEdgeHost.StartAsync(agentHandler, o =>
        {
            o.Trunks.Add(new SipTrunkOptions { Name = "pbx", AllowedSources = ["127.0.0.1"], OutboundHost = "127.0.0.1", OutboundPort = target.Port });
            o.InboundTransfers.Trunk = "pbx";
            o.InboundTransfers.AllowedTargets.Add("desk@127.0.0.1");
        });

        // SIPp (the referrer) answers the NOTIFYs (100, then the final one) and hangs up its leg.
        var referrer = await Sipp.RunAsync(agent.Port, "uac_referrer.xml", extra: ["-key", "refer_to", $"sip:desk@127.0.0.1:{target.Port}"]);

        referrer.AssertSucceeded();
        var agentSession = await agentHandler.Accepted.WaitAsync(Wait);
        var targetSession = await targetHandler.Accepted.WaitAsync(Wait);
        var call = Assert.Single(agent.Edge.Calls);
        Assert.NotEqual(call.CallId, call.Sip.Dialog.CallId);
        Assert.DoesNotContain(agentSession.Events, e => e.StartsWith("ended", StringComparison.Ordinal));

        // The agent's audio now reaches the target: the call's media moved onto the new leg.
        foreach (var frame in Audio.Tone(440, 50))
        {
            await agentSession.Channel.SendAudioAsync(frame, CancellationToken.None);
        }

        await Eventually.TrueAsync(() => targetSession.CallerFrames.Any(f => Audio.Rms(f) > 1000), Wait, "the agent's tone to reach the transfer target");
        await agentSession.Channel.HangUpAsync(CancellationToken.None);
        await targetSession.WaitForAsync(events => events.Contains("ended Caller bye"), "the agent's hang-up to reach the target");
    }

    [Fact]
    public async Task An_inbound_refer_to_a_target_not_allowed_is_refused_with_403()
    {
        await using var agent = await SipEdgeHost.StartAsync(new RecordingHandler(), o =>
        {
            o.Trunks.Add(new SipTrunkOptions { Name = "pbx", AllowedSources = ["127.0.0.1"], OutboundHost = "127.0.0.1", OutboundPort = 5999 });
            o.InboundTransfers.Trunk = "pbx";
            o.InboundTransfers.AllowedTargets.Add("pbx.example.com");
        });

        var result = await Sipp.RunAsync(agent.Port, "uac_referrer_refused.xml", extra: ["-key", "refer_to", "sip:+15550100@premium.example.net"]);

        result.AssertSucceeded();
    }

    /// <summary>The call's session, or SIPp's own failure if it ended before placing the call.</summary>
    private static async Task<RecordingHandler.RecordingSession> AcceptedAsync(RecordingHandler handler, Task<SippResult> sipp)
    {
        if (await Task.WhenAny(handler.Accepted, sipp).WaitAsync(Wait) == sipp)
        {
            (await sipp).AssertSucceeded();
        }

        return await handler.Accepted.WaitAsync(Wait);
    }

    private static Task<SipEdgeHost> StartAsync(ICallMediaHandler handler, TimeSpan? transferTimeout = null, ISipTransferee? transferee = null) =>
        SipEdgeHost.StartAsync(
            handler,
            options =>
            {
                options.TransferTargets["desk"] = "sip:desk@192.0.2.9";
                options.TransferTimeout = transferTimeout ?? options.TransferTimeout;
            },
            transferee: transferee);

    /// <summary>Takes every allowed transfer and reports a fixed final status, writing down each target.</summary>
    private sealed class RecordingTransferee(int finalStatus) : ISipTransferee
    {
        private readonly ConcurrentQueue<string> _targets = new();

        public Func<SipUri, bool> Allowed { get; init; } = _ => true;

        public IReadOnlyList<string> Targets => [.. _targets];

        public bool Accepts(SipEdgeCall call, SipUri target) => Allowed(target);

        public Task<int> TransferAsync(SipEdgeCall call, SipUri target, CancellationToken cancellationToken)
        {
            _targets.Enqueue(target.ToString());
            return Task.FromResult(finalStatus);
        }
    }
}
