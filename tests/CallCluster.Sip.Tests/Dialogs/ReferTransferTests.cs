using System.Collections.Concurrent;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>Blind transfer between our two UAs over loopback UDP: REFER, 202, sipfrag NOTIFYs; timers on a manual clock.</summary>
public sealed class ReferTransferTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan FinalStatusTimeout = TimeSpan.FromSeconds(30);
    private static readonly SipUri Desk = SipUri.Parse("sip:desk@192.0.2.9");
    private readonly ManualTimeProvider _time = new();

    [Theory]
    [InlineData(200, true)]
    [InlineData(503, false)]
    [InlineData(486, false)]
    public async Task The_transferees_final_notify_decides_the_outcome(int finalStatus, bool succeeded)
    {
        await using var pair = new UserAgentPair(_time);
        var (transferee, transferor) = await ConnectAsync(pair);
        var referred = AcceptRefers(transferee);
        var progress = new ConcurrentQueue<int>();
        transferor.ReferProgress = progress.Enqueue;

        var transfer = transferor.TransferAsync(Desk, FinalStatusTimeout);
        Assert.Equal("desk", (await Eventually.WithinAsync(referred.Task, Wait, "the REFER")).User);
        await Eventually.TrueAsync(() => progress.Contains(100), Wait, "the stack's own NOTIFY 100 Trying to arrive");
        Assert.False(transfer.IsCompleted);
        Assert.Equal(200, (await Eventually.WithinAsync(transferee.NotifyReferProgressAsync(finalStatus), Wait, "the final NOTIFY")).StatusCode);

        var outcome = await Eventually.WithinAsync(transfer, Wait, "the transfer outcome");
        Assert.Equal(succeeded, outcome.Succeeded);
        Assert.Equal(finalStatus, outcome.StatusCode);
        Assert.Equal([100, finalStatus], progress.ToArray());
        Assert.False(transferor.Ended.IsCompleted);
    }

    [Fact]
    public async Task No_final_notify_fails_after_the_timeout()
    {
        await using var pair = new UserAgentPair(_time);
        var (transferee, transferor) = await ConnectAsync(pair);
        var referred = AcceptRefers(transferee);

        // Listening before the REFER goes out: the transferee's NOTIFY 100 Trying can arrive before TransferAsync returns.
        var trying = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        transferor.ReferProgress = status => trying.TrySetResult();
        var transfer = transferor.TransferAsync(Desk, FinalStatusTimeout);
        await Eventually.WithinAsync(referred.Task, Wait, "the REFER");
        await Eventually.WithinAsync(trying.Task, Wait, "NOTIFY 100 Trying");
        _time.Advance(FinalStatusTimeout);

        var outcome = await Eventually.WithinAsync(transfer, Wait, "the transfer outcome");
        Assert.False(outcome.Succeeded);
        Assert.Equal(408, outcome.StatusCode);
        Assert.Contains("in time", outcome.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_peer_that_takes_no_transfers_refuses_the_refer_and_the_transfer_fails_at_once()
    {
        await using var pair = new UserAgentPair(_time);
        var (_, transferor) = await ConnectAsync(pair);

        var outcome = await Eventually.WithinAsync(transferor.TransferAsync(Desk, FinalStatusTimeout), Wait, "the transfer outcome");

        Assert.False(outcome.Succeeded);
        Assert.Equal(403, outcome.StatusCode);
    }

    [Fact]
    public async Task The_call_ending_before_a_final_status_fails_the_transfer()
    {
        await using var pair = new UserAgentPair(_time);
        var (transferee, transferor) = await ConnectAsync(pair);
        var referred = AcceptRefers(transferee);

        var transfer = transferor.TransferAsync(Desk, FinalStatusTimeout);
        await Eventually.WithinAsync(referred.Task, Wait, "the REFER");
        await transferee.ByeAsync();

        var outcome = await Eventually.WithinAsync(transfer, Wait, "the transfer outcome");
        Assert.False(outcome.Succeeded);
        Assert.Contains("call ended", outcome.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("<tel:+15550100>", "Refer-To is not a SIP URI")]
    [InlineData("<sip:>", null)]
    [InlineData(null, "Missing Refer-To")]
    public async Task A_refer_without_a_usable_sip_refer_to_is_a_bad_request(string? referTo, string? reason)
    {
        await using var pair = new UserAgentPair(_time);
        var (transferee, transferor) = await ConnectAsync(pair);
        var asked = false;
        transferee.ReferReceived = _ =>
        {
            asked = true;
            return 202;
        };
        var refer = transferor.Dialog.CreateRequest(SipMethods.Refer);
        if (referTo is not null)
        {
            refer.Headers.Add(SipHeaderNames.ReferTo, referTo);
        }

        var response = await SendAsync(pair.Callee, transferor, refer);

        Assert.Equal(400, response.StatusCode);
        if (reason is not null)
        {
            Assert.Equal(reason, response.ReasonPhrase);
        }

        Assert.False(asked);
    }

    [Fact]
    public async Task A_notify_of_another_event_package_or_with_a_bad_sipfrag_is_refused()
    {
        await using var pair = new UserAgentPair(_time);
        var (transferee, transferor) = await ConnectAsync(pair);
        var progress = new ConcurrentQueue<int>();
        transferor.ReferProgress = progress.Enqueue;

        var presence = transferee.Dialog.CreateRequest(SipMethods.Notify);
        presence.Headers.Add(SipHeaderNames.Event, "presence");
        var garbled = transferee.Dialog.CreateRequest(SipMethods.Notify);
        garbled.Headers.Add(SipHeaderNames.Event, "refer");
        garbled.Headers.Add(SipHeaderNames.ContentType, SipFrag.ContentType);
        garbled.Body = "HTTP/1.1 200 OK\r\n"u8.ToArray();

        Assert.Equal(489, (await SendAsync(pair.Caller, transferee, presence)).StatusCode);
        Assert.Equal(400, (await SendAsync(pair.Caller, transferee, garbled)).StatusCode);
        Assert.Empty(progress);
    }

    private static async Task<(SipCall Transferee, SipCall Transferor)> ConnectAsync(UserAgentPair pair)
    {
        // The placed call is the caller (the transferee, as a phone would be); the answering UA is the agent that transfers.
        var caller = await Eventually.WithinAsync(pair.CallAsync(), Wait, "the call");
        var callee = await pair.CalleeCallAckedAsync(Wait);
        return (caller, callee);
    }

    private static TaskCompletionSource<SipUri> AcceptRefers(SipCall transferee)
    {
        var referred = new TaskCompletionSource<SipUri>(TaskCreationOptions.RunContinuationsAsynchronously);
        transferee.ReferReceived = _ => 202;
        transferee.ReferAccepted = target => referred.TrySetResult(target);
        return referred;
    }

    private static Task<SipResponse> SendAsync(SipUserAgent agent, SipCall from, SipRequest request) =>
        Eventually.WithinAsync(agent.SendRequest(request, from.Dialog.RemoteEndPoint, from.Dialog.Transport).Completion, Wait, "the answer");
}
