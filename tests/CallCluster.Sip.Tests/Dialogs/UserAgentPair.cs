using System.Net;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Tests.Dialogs;

/// <summary>Answers every call (or rejects it when told to) and hands the established calls to the test.</summary>
internal sealed class AnsweringHandler : ISipCallHandler
{
    private readonly SdpNegotiator _negotiator = new(new SdpNegotiatorOptions(), "127.0.0.1");

    public List<IncomingCall> Incoming { get; } = [];

    public TaskCompletionSource<SipCall> Answered { get; private set; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Ring and never answer: the caller has to give up (CANCEL).</summary>
    public bool Hold { get; set; }

    public int? RejectWith { get; set; }

    /// <summary>When set, INVITEs without valid digest credentials are challenged (trunk authentication).</summary>
    public CallCluster.Sip.Auth.DigestAuthenticator? Authenticator { get; set; }

    public void OnIncomingCall(IncomingCall call)
    {
        Incoming.Add(call);
        _ = AnswerAsync(call);
    }

    public void ExpectAnotherCall() => Answered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private async Task AnswerAsync(IncomingCall call)
    {
        if (Authenticator is not null)
        {
            var verdict = Authenticator.Verify(call.Invite, user => user == "trunk1" ? "s3cret" : null);
            if (verdict != CallCluster.Sip.Auth.DigestVerification.Success)
            {
                await call.ChallengeAsync(Authenticator.CreateChallenges(stale: verdict == CallCluster.Sip.Auth.DigestVerification.Stale));
                return;
            }
        }

        if (RejectWith is { } status)
        {
            await call.RejectAsync(status);
            return;
        }

        await call.RingAsync();
        if (Hold)
        {
            return;
        }

        var answer = _negotiator.Answer(call.Offer!, 41000);
        if (!answer.IsAccepted)
        {
            await call.RejectAsync(SdpAnswer.RejectionStatusCode, answer.RejectionReason);
            return;
        }

        Answered.TrySetResult(await call.AcceptAsync(answer.Description!));
    }
}

/// <summary>Two UAs on loopback UDP sockets: a caller and an answering callee.</summary>
internal sealed class UserAgentPair : IAsyncDisposable
{
    public UserAgentPair(TimeProvider time, SipUserAgentOptions? calleeOptions = null, SipUserAgentOptions? callerOptions = null)
    {
        CallerTransport = new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0));
        CalleeTransport = new UdpSipTransport(new IPEndPoint(IPAddress.Loopback, 0));
        Caller = new SipUserAgent(callerOptions ?? new SipUserAgentOptions(), new AnsweringHandler(), time);
        Callee = new SipUserAgent(calleeOptions ?? new SipUserAgentOptions(), Handler, time);
        Caller.AddTransport(CallerTransport);
        Callee.AddTransport(CalleeTransport);
        CallerSdp = new SdpNegotiator(new SdpNegotiatorOptions(), "127.0.0.1");
    }

    public AnsweringHandler Handler { get; } = new();

    public SipUserAgent Caller { get; }

    public SipUserAgent Callee { get; }

    public UdpSipTransport CallerTransport { get; }

    public UdpSipTransport CalleeTransport { get; }

    public SdpNegotiator CallerSdp { get; }

    public Task<SipCall> CallAsync(CallCluster.Sip.Auth.DigestClient? credentials = null) =>
        Caller.CallAsync(SipUri.Parse("sip:agent@127.0.0.1"), NameAddress.Parse("<sip:+15550100@127.0.0.1>"), CallerSdp.CreateOffer(30000),
            CalleeTransport.LocalEndPoint, CallerTransport, credentials: credentials);

    /// <summary>
    /// The callee's call once the caller's ACK has arrived; tests that move the manual clock must wait for it,
    /// or timer L would (rightly) end a call whose ACK is still in flight.
    /// </summary>
    public async Task<SipCall> CalleeCallAckedAsync(TimeSpan wait)
    {
        var call = await Handler.Answered.Task.WaitAsync(wait);
        Assert.True(await Handler.Incoming[^1].Transaction.Acknowledged.WaitAsync(wait));
        return call;
    }

    public async ValueTask DisposeAsync()
    {
        await CallerTransport.DisposeAsync();
        await CalleeTransport.DisposeAsync();
    }
}
