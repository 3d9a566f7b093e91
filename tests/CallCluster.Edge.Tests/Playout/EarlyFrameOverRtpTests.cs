using System.Net;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Rtp;
using CallCluster.Edge.Tests.Rtp;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Playout;

/// <summary>
/// The playout scheduler over a real RTP session on loopback, as the SIP edge wires them, with the shard's steps driven
/// by hand in the threaded loop's order: a talk spurt's first packet is on the wire before the next tick is sent.
/// </summary>
public sealed class EarlyFrameOverRtpTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);
    private static readonly RtpSessionOptions RtpOptions = new();
    private static readonly RtpPortAllocator Ports = new(RtpOptions);

    [Fact]
    public async Task The_first_packet_of_a_turn_goes_out_before_the_next_tick_and_its_start_mark_right_after_it()
    {
        await using var session = RtpSession.Open(RtpOptions, Ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);
        await using var far = new RawRtpReceiver(Ports, session.LocalEndPoint);
        session.Configure(new NegotiatedMedia(AudioCodec.G722, AudioCodec.G722.PayloadType, 101, "127.0.0.1", far.Port, MediaDirection.SendRecv, 20));
        session.Start(new CollectingListener());
        using var scheduler = new PlayoutScheduler(
            Options.Create(new PlayoutOptions { Shards = 1 }), new ManualTimeProvider(), NullLogger<PlayoutScheduler>.Instance);
        using var buffer = new PlayoutBuffer(10);
        var sink = new RtpSink(session);
        using var registration = scheduler.Register(buffer, sink);
        var shard = registration.Shard!;
        shard.Prepare();
        NextTick(shard);
        await Eventually.TrueAsync(() => far.Packets.Count == 1, Wait, "a tick of comfort silence");

        // The turn as the call grain queues it: first frame, start mark, the rest, end mark.
        var tone = Audio.Tone(1000, 3);
        buffer.TryEnqueue(tone[0]);
        buffer.AddMark("start");
        buffer.TryEnqueue(tone[1]);
        buffer.TryEnqueue(tone[2]);
        buffer.AddMark("end");

        // No tick has been sent since: the first frame is on the wire already, and the start mark was reported after it.
        await Eventually.TrueAsync(() => far.Packets.Count == 2, Wait, "the early packet");
        Assert.Equal(["prepare", "send", "prepare", "now", "mark start"], sink.Steps);

        for (var i = 0; i < 3; i++)
        {
            NextTick(shard);
        }

        shard.Send();

        await Eventually.TrueAsync(() => far.Packets.Count == 5, Wait, "the rest of the turn and a tick of silence");
        var packets = far.Packets.ToArray();
        var first = packets[0];
        Assert.Equal(Enumerable.Range(0, 5).Select(i => (ushort)(first.Sequence + i)), packets.Select(p => p.Sequence));
        Assert.Equal(Enumerable.Range(0, 5).Select(i => first.Timestamp + (uint)(i * 160)), packets.Select(p => p.Timestamp));
        // Markers: the stream's first packet, then the turn's first; the silence after the turn replaced nothing.
        Assert.Equal([true, true, false, false, false], packets.Select(p => p.Marker));
        Assert.Equal(
            ["prepare", "send", "prepare", "now", "mark start", "send", "prepare", "send", "prepare", "send", "mark end", "prepare", "send"],
            sink.Steps);
        Assert.Equal(5, session.Statistics.PacketsSent);
    }

    private static void NextTick(PlayoutShard shard)
    {
        shard.Send();
        shard.Settle();
        shard.Prepare();
    }

    /// <summary>The SIP edge's adapter (SipEdgeCall's sink methods), recording the steps it is called for.</summary>
    private sealed class RtpSink(RtpSession session) : IPlayoutSink
    {
        private readonly List<string> _steps = [];

        public IReadOnlyList<string> Steps
        {
            get
            {
                lock (_steps)
                {
                    return [.. _steps];
                }
            }
        }

        public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
        {
            Add("prepare");
            session.Prepare(frame, comfortSilence);
        }

        public void SendPrepared()
        {
            Add("send");
            session.SendPrepared();
        }

        public bool TrySendNow(ReadOnlySpan<short> frame)
        {
            var sent = session.TrySendNow(frame);
            Add(sent ? "now" : "declined");
            return sent;
        }

        public void OnMarkReached(string name) => Add($"mark {name}");

        private void Add(string step)
        {
            lock (_steps)
            {
                _steps.Add(step);
            }
        }
    }
}
