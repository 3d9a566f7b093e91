using System.Net;
using System.Net.Sockets;
using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Sip;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Media.Dtmf;
using CallCluster.Sip.Dialogs;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Load.Calls.Sip;

/// <summary>
/// Places a <see cref="ScriptedCaller"/>'s call over SIP: a SIP edge of its own on an ephemeral local port (UDP, on the
/// local address that routes to the target) places one outbound call, with the caller as the call's handler, and digits
/// go as RFC 4733 events when the far end negotiated them (in-band tones otherwise). When the agent transfers the call
/// (REFER), the caller's phone reports the transfer complete (<see cref="TransferringPhone"/>) and the report says where
/// to (<see cref="CallReport.TransferredTo"/>).
/// </summary>
public static class SipCallerLeg
{
    private const string TrunkName = "target";

    // Room for the last utterance to be recognised after the call's own limit.
    private static readonly TimeSpan ReportGrace = TimeSpan.FromMinutes(1);

    /// <summary>Calls <paramref name="target"/> and returns the report; a call that is refused or unreachable reports <see cref="CallDisposition.NotConnected"/>.</summary>
    /// <param name="caller">The script's caller; it handles this one call.</param>
    /// <param name="target">The SIP URI to call; its host is an IP address or a name that resolves to one.</param>
    /// <param name="codecs">The offer's codecs, best first.</param>
    /// <param name="scheduler">A started playout clock.</param>
    /// <param name="recording">Optionally records the call (see <see cref="Edge.Recording.StereoRecordingTap.ToFile"/> with the agent on the line).</param>
    /// <param name="maxCallDuration">The caller's own limit (<see cref="ScriptedCallerOptions.MaxCallDuration"/>), to bound the wait for the report.</param>
    /// <param name="loggers">Logs of the caller's SIP edge; default none.</param>
    /// <param name="cancellationToken">Cancelling hangs up; the report of the call so far is still returned.</param>
    /// <exception cref="SocketException">The target's host name does not resolve.</exception>
    public static Task<CallReport> CallAsync(
        ScriptedCaller caller,
        SipUri target,
        IReadOnlyList<AudioCodec> codecs,
        PlayoutScheduler scheduler,
        ICallAudioTapFactory? recording,
        TimeSpan maxCallDuration,
        ILoggerFactory? loggers = null,
        CancellationToken cancellationToken = default) =>
        CallAsync(caller, caller, target, codecs, scheduler, recording, maxCallDuration, loggers, cancellationToken);

    /// <summary>
    /// As the overload without <paramref name="handler"/>, with the call handled by <paramref name="handler"/>: a
    /// decorator of <paramref name="caller"/> that observes the call (the failover driver times the agent's audio).
    /// </summary>
    public static async Task<CallReport> CallAsync(
        ScriptedCaller caller,
        ICallMediaHandler handler,
        SipUri target,
        IReadOnlyList<AudioCodec> codecs,
        PlayoutScheduler scheduler,
        ICallAudioTapFactory? recording,
        TimeSpan maxCallDuration,
        ILoggerFactory? loggers = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(handler);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(codecs);
        var remote = await ResolveAsync(target.Host, cancellationToken);
        var port = target.Port ?? 5060;
        var options = new SipEdgeOptions
        {
            ListenAddress = LocalAddressToward(remote, port).ToString(),
            Port = 0,
            EnableTcp = false,
            Trunks = [new SipTrunkOptions { Name = TrunkName, OutboundHost = remote.ToString(), OutboundPort = port }],
            Sdp = new SdpNegotiatorOptions { Codecs = [.. codecs] },
        };
        var calls = new EdgeCallFactory(
            handler, scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance, recording);
        var phone = new TransferringPhone();
        await using var edge = new SipEdge(options, calls, TimeProvider.System, loggers ?? NullLoggerFactory.Instance) { Transferee = phone };
        await edge.StartAsync();
        SipEdgeCall placed;
        try
        {
            placed = await edge.PlaceCallAsync(target, TrunkName, cancellationToken);
        }
        catch (Exception e) when (e is SipCallFailedException or InvalidOperationException or TimeoutException)
        {
            caller.ReportNotConnected(string.Empty, e.Message);
            return await caller.Completion;
        }

        if (placed.Media?.Call.Dtmf == DtmfCapability.Rfc4733)
        {
            caller.DigitSender = digits =>
            {
                placed.SendDigits(digits);
                return TelephoneEventSender.WireTime(digits);
            };
        }

        await using var hangUpOnCancel = cancellationToken.Register(() => _ = placed.HangUpAsync());
        var report = await caller.Completion.WaitAsync(maxCallDuration + ReportGrace, CancellationToken.None);
        return phone.TransferredTo is { } transferredTo ? report with { TransferredTo = transferredTo } : report;
    }

    private static async Task<IPAddress> ResolveAsync(string host, CancellationToken cancellationToken)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var address))
        {
            return address;
        }

        var addresses = await Dns.GetHostAddressesAsync(host, AddressFamily.InterNetwork, cancellationToken);
        return addresses.Length > 0 ? addresses[0] : throw new SocketException((int)SocketError.HostNotFound);
    }

    // The address the OS would send from to reach the target: what the far end must see in Via, Contact and SDP.
    private static IPAddress LocalAddressToward(IPAddress remote, int port)
    {
        using var probe = new Socket(remote.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        probe.Connect(remote, port);
        return ((IPEndPoint)probe.LocalEndPoint!).Address;
    }
}
