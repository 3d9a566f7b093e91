using System.Net;
using CallCluster.Edge.Rtp;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Frames;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>Two real RTP sessions on loopback UDP, ticked by hand, with real codecs.</summary>
public sealed class RtpSessionTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly RtpSessionOptions Options = new();
    private static readonly RtpPortAllocator Ports = new(Options);

    [Theory]
    [InlineData("PCMU")]
    [InlineData("G722")]
    [InlineData("opus")]
    public async Task A_tone_sent_by_one_session_is_decoded_by_the_other(string codecName)
    {
        var codec = Codec(codecName);
        await using var sender = Open();
        await using var receiver = Open();
        var heard = new CollectingListener();
        sender.Configure(Media(codec, receiver, MediaDirection.SendRecv));
        receiver.Configure(Media(codec, sender, MediaDirection.SendRecv));
        sender.Start(new CollectingListener());
        receiver.Start(heard);

        const int frames = 50;
        var tone = Audio.Tone(1000, frames);
        foreach (var frame in tone)
        {
            sender.Tick(frame, comfortSilence: false);
        }

        await Eventually.TrueAsync(() => receiver.Statistics.PacketsReceived == frames, Wait, "every packet to arrive");
        for (var i = 0; i < frames; i++)
        {
            receiver.Tick(new short[AudioFormat.SamplesPerFrame], comfortSilence: true);
        }

        var decoded = heard.Frames.ToArray();
        Assert.True(decoded.Length >= frames - 10, $"only {decoded.Length} frames decoded");

        // The middle of the tone, past codec start-up: about 1000 Hz (40 zero crossings per 20 ms) at a solid level.
        var middle = decoded[decoded.Length / 2];
        Assert.InRange(Audio.ZeroCrossings(middle), 36, 44);
        Assert.True(Audio.Rms(middle) > 2000, $"RMS {Audio.Rms(middle):0}");
        Assert.Equal(0, sender.Statistics.SendsDropped);
    }

    [Fact]
    public async Task Digits_travel_as_rfc4733_events()
    {
        await using var sender = Open();
        await using var receiver = Open();
        var heard = new CollectingListener();
        sender.Configure(Media(AudioCodec.Pcmu, receiver, MediaDirection.SendRecv));
        receiver.Configure(Media(AudioCodec.Pcmu, sender, MediaDirection.SendRecv));
        sender.Start(new CollectingListener());
        receiver.Start(heard);

        sender.SendDigits("7");
        var silence = new short[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < 10; i++)
        {
            sender.Tick(silence, comfortSilence: true);
        }

        Assert.Equal('7', await heard.FirstDigit.WaitAsync(Wait));
    }

    [Fact]
    public async Task On_hold_toward_the_peer_nothing_is_sent()
    {
        await using var sender = Open();
        await using var receiver = Open();
        sender.Configure(Media(AudioCodec.Pcmu, receiver, MediaDirection.RecvOnly));
        receiver.Configure(Media(AudioCodec.Pcmu, sender, MediaDirection.SendOnly));
        sender.Start(new CollectingListener());
        receiver.Start(new CollectingListener());
        var silence = new short[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < 10; i++)
        {
            sender.Tick(silence, comfortSilence: true);
        }

        Assert.Equal(0, sender.Statistics.PacketsSent);

        // Unhold: the same session sends again.
        sender.Configure(Media(AudioCodec.Pcmu, receiver, MediaDirection.SendRecv));
        sender.Tick(silence, comfortSilence: true);
        await Eventually.TrueAsync(() => receiver.Statistics.PacketsReceived == 1, Wait, "the packet sent after unhold");
    }

    [Fact]
    public async Task Inactivity_is_reported_once_when_active_and_never_on_hold()
    {
        var time = new ManualTimeProvider();
        var options = new RtpSessionOptions { InactivityTimeout = TimeSpan.FromSeconds(5) };
        await using var held = RtpSession.Open(options, Ports, IPAddress.Loopback, time, NullLogger.Instance);
        await using var active = RtpSession.Open(options, Ports, IPAddress.Loopback, time, NullLogger.Instance);
        var heldListener = new CollectingListener();
        var activeListener = new CollectingListener();
        held.Configure(Media(AudioCodec.Pcmu, active, MediaDirection.Inactive));
        active.Configure(Media(AudioCodec.Pcmu, held, MediaDirection.SendRecv));
        held.Start(heldListener);
        active.Start(activeListener);

        var silence = new short[AudioFormat.SamplesPerFrame];
        time.Advance(TimeSpan.FromSeconds(4));
        active.Tick(silence, true);
        Assert.Equal(0, activeListener.InactiveReports);

        time.Advance(TimeSpan.FromSeconds(2));
        active.Tick(silence, true);
        held.Tick(silence, true);
        active.Tick(silence, true);
        Assert.Equal(1, activeListener.InactiveReports);
        Assert.Equal(0, heldListener.InactiveReports);
    }

    [Fact]
    public async Task Symmetric_rtp_answers_where_packets_come_from_not_where_sdp_says()
    {
        await using var caller = Open();
        await using var edge = Open();
        var callerHeard = new CollectingListener();

        // The SDP of the caller names a dead port (a NAT rewrote its source); the edge must latch onto the real source.
        edge.Configure(new NegotiatedMedia(AudioCodec.Pcmu, 0, 101, "127.0.0.1", 9, MediaDirection.SendRecv, 20));
        caller.Configure(Media(AudioCodec.Pcmu, edge, MediaDirection.SendRecv));
        edge.Start(new CollectingListener());
        caller.Start(callerHeard);

        var silence = new short[AudioFormat.SamplesPerFrame];
        caller.Tick(silence, true);
        await Eventually.TrueAsync(() => edge.Statistics.PacketsReceived == 1, Wait, "the caller's first packet");
        Assert.Equal(caller.LocalEndPoint, edge.RemoteEndPoint);

        edge.Tick(silence, true);
        await Eventually.TrueAsync(() => caller.Statistics.PacketsReceived == 1, Wait, "the edge's packet at the latched address");
    }

    private static RtpSession Open() => RtpSession.Open(Options, Ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);

    private static NegotiatedMedia Media(AudioCodec codec, RtpSession peer, MediaDirection direction) =>
        new(codec, codec.PayloadType, 101, "127.0.0.1", peer.LocalEndPoint.Port, direction, 20);

    private static AudioCodec Codec(string name) => name switch
    {
        "PCMU" => AudioCodec.Pcmu,
        "G722" => AudioCodec.G722,
        _ => AudioCodec.Opus,
    };
}
