using System.Net;
using CallCluster.Edge.Rtp;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Frames;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>
/// <see cref="RtpSession.TrySendNow"/> with real codecs on loopback UDP, watched by a bare socket: the first frame of a
/// talk spurt takes the place of the prepared comfort-silence packet on the wire.
/// </summary>
public sealed class RtpSessionEarlyFrameTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly RtpSessionOptions Options = new();
    private static readonly RtpPortAllocator Ports = new(Options);
    private static readonly short[] Silence = new short[AudioFormat.SamplesPerFrame];

    [Theory]
    [InlineData("PCMU", 160)]
    [InlineData("G722", 160)]
    [InlineData("opus", 960)]
    public async Task The_first_frame_replaces_the_prepared_silence_in_its_slot_with_the_marker_and_the_next_frame_follows_it(
        string codecName, int timestampIncrement)
    {
        var codec = Codec(codecName);
        await using var session = Open();
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(Media(codec, far.Port, MediaDirection.SendRecv));
        session.Start(new CollectingListener());
        var tone = Audio.Tone(1000, 3);

        // The stream's first packet carries a marker of its own; the spurt starts after that.
        session.Tick(Silence, comfortSilence: true);
        session.Tick(Silence, comfortSilence: true);
        var before = await NextPacketAsync(far, 2);

        session.Prepare(Silence, comfortSilence: true);
        Assert.True(session.TrySendNow(tone[0]));

        // On the wire before the tick's send: the silent slot's sequence number and timestamp, marker set, speech.
        var early = await NextPacketAsync(far, 3);
        Assert.Equal((ushort)(before.Sequence + 1), early.Sequence);
        Assert.Equal(before.Timestamp + (uint)timestampIncrement, early.Timestamp);
        Assert.True(early.Marker);
        Assert.NotEqual(before.Payload, early.Payload);

        session.SendPrepared();
        session.Tick(tone[1], comfortSilence: false);
        session.Tick(tone[2], comfortSilence: false);

        // The tick sent nothing more; the spurt goes on with the next slot, no second marker, nothing out of order.
        await NextPacketAsync(far, 5);
        var packets = far.Packets.Skip(1).ToArray();
        Assert.Equal(4, packets.Length);
        Assert.Equal(Enumerable.Range(0, 4).Select(i => (ushort)(before.Sequence + i)), packets.Select(p => p.Sequence));
        Assert.Equal(Enumerable.Range(0, 4).Select(i => before.Timestamp + (uint)(i * timestampIncrement)), packets.Select(p => p.Timestamp));
        Assert.Equal([false, true, false, false], packets.Select(p => p.Marker));
        Assert.Equal(5, session.Statistics.PacketsSent);
    }

    [Fact]
    public async Task Without_prepared_silence_nothing_is_sent_early()
    {
        await using var session = Open();
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.SendRecv));
        session.Start(new CollectingListener());
        var tone = Audio.Tone(1000, 2);

        // Nothing prepared yet, then audio prepared: neither is a silent slot to take.
        Assert.False(session.TrySendNow(tone[0]));
        session.Prepare(tone[0], comfortSilence: false);
        Assert.False(session.TrySendNow(tone[1]));
        session.SendPrepared();

        // Prepared silence already sent by its tick: the slot is gone.
        session.Tick(Silence, comfortSilence: true);
        Assert.False(session.TrySendNow(tone[1]));

        await NextPacketAsync(far, 2);
        Assert.Equal(2, far.Packets.Count);
    }

    [Fact]
    public async Task On_hold_toward_the_peer_nothing_is_sent_early()
    {
        await using var session = Open();
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.SendRecv));
        session.Start(new CollectingListener());
        var tone = Audio.Tone(1000, 1)[0];

        // Held before the tick: nothing is prepared. Held between prepare and the spurt: the re-offer gives the slot up.
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.RecvOnly));
        session.Prepare(Silence, comfortSilence: true);
        Assert.False(session.TrySendNow(tone));
        session.SendPrepared();
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.SendRecv));
        session.Prepare(Silence, comfortSilence: true);
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.RecvOnly));
        Assert.False(session.TrySendNow(tone));
        session.SendPrepared();

        // Only the silence prepared while the call was not held went out.
        Assert.Equal(1, session.Statistics.PacketsSent);
        var silence = await NextPacketAsync(far, 1);
        Assert.Single(silence.Payload.Distinct());
    }

    [Fact]
    public async Task With_digits_queued_nothing_is_sent_early_and_the_events_go_out_on_the_grid()
    {
        await using var session = Open();
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.SendRecv));
        session.Start(new CollectingListener());
        var tone = Audio.Tone(1000, 1)[0];

        session.Prepare(Silence, comfortSilence: true);
        session.SendDigits("5");
        Assert.False(session.TrySendNow(tone));
        session.SendPrepared();
        session.Tick(tone, comfortSilence: false);

        var packets = new[] { await NextPacketAsync(far, 1), await NextPacketAsync(far, 2) };
        Assert.Equal(AudioCodec.Pcmu.PayloadType, packets[0].PayloadType);
        Assert.Equal(101, packets[1].PayloadType);
    }

    [Fact]
    public async Task Without_a_remote_address_nothing_is_sent_early()
    {
        await using var session = Open();
        session.Configure(new NegotiatedMedia(AudioCodec.Pcmu, 0, 101, "0.0.0.0", 0, MediaDirection.SendRecv, 20));
        session.Start(new CollectingListener());

        session.Prepare(Silence, comfortSilence: true);

        Assert.False(session.TrySendNow(Audio.Tone(1000, 1)[0]));
        Assert.Equal(0, session.Statistics.PacketsSent);
    }

    [Fact]
    public async Task The_early_send_neither_ticks_the_caller_side_nor_holds_back_rtcp()
    {
        // Not symmetric: the session keeps sending to the bare socket, not back to the caller whose audio it plays.
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.FromSeconds(1), SymmetricRtp = false };
        await using var caller = Open();
        await using var session = RtpSession.Open(options, Ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(Media(AudioCodec.Pcmu, far.Port, MediaDirection.SendRecv));
        caller.Configure(Media(AudioCodec.Pcmu, session.LocalEndPoint.Port, MediaDirection.SendRecv));
        session.Start(new CollectingListener());
        caller.Start(new CollectingListener());
        foreach (var frame in Audio.Tone(500, 20))
        {
            caller.Tick(frame, comfortSilence: false);
        }

        await Eventually.TrueAsync(() => session.Statistics.PacketsReceived == 20, Wait, "the caller's packets");

        // One report per second: the 50th tick prepares it.
        for (var i = 0; i < 49; i++)
        {
            session.Tick(Silence, comfortSilence: true);
        }

        session.Prepare(Silence, comfortSilence: true);
        var before = session.Statistics;

        Assert.True(session.TrySendNow(Audio.Tone(1000, 1)[0]));

        // The jitter buffer moves once per tick, in Prepare only; the tick's RTCP report still goes out.
        Assert.Equal(before.JitterBuffer, session.Statistics.JitterBuffer);
        session.SendPrepared();
        Assert.Equal(before.RtcpReportsSent + 1, session.Statistics.RtcpReportsSent);
        await Eventually.TrueAsync(() => far.RtcpDatagrams >= 1, Wait, "the RTCP report");
        await NextPacketAsync(far, 50);
        Assert.Equal(50, far.Packets.Count);
    }

    private static async Task<ReceivedRtp> NextPacketAsync(RawRtpReceiver far, int count)
    {
        await Eventually.TrueAsync(() => far.Packets.Count >= count, Wait, $"RTP packet {count}");
        return far.Packets.ElementAt(count - 1);
    }

    private static RtpSession Open() => RtpSession.Open(Options, Ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);

    private static NegotiatedMedia Media(AudioCodec codec, int port, MediaDirection direction) =>
        new(codec, codec.PayloadType, 101, "127.0.0.1", port, direction, 20);

    private static AudioCodec Codec(string name) => name switch
    {
        "PCMU" => AudioCodec.Pcmu,
        "G722" => AudioCodec.G722,
        _ => AudioCodec.Opus,
    };
}
