using CallCluster.Media.Dtmf;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Media.Tests.Dtmf;

public sealed class TelephoneEventTests
{
    [Fact]
    public void Payload_round_trips() =>
        Prop.ForAll<byte, bool, int>((code, end, bits) =>
        {
            var original = new TelephoneEvent(code, end, (byte)(bits & 0x3F), (ushort)(bits >> 6));
            Span<byte> payload = stackalloc byte[4];
            original.Write(payload);
            return TelephoneEvent.TryRead(payload, out var read) && read == original;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Payload_layout_follows_RFC_4733()
    {
        // Digit 5, end bit, volume 10, duration 800 (100 ms at 8 kHz).
        var payload = new byte[4];
        new TelephoneEvent(5, true, 10, 800).Write(payload);

        Assert.Equal([0x05, 0x8A, 0x03, 0x20], payload);
        Assert.False(TelephoneEvent.TryRead([1, 2, 3], out _));
    }

    [Theory]
    [InlineData('0', 0)]
    [InlineData('9', 9)]
    [InlineData('*', 10)]
    [InlineData('#', 11)]
    [InlineData('a', 12)]
    [InlineData('D', 15)]
    public void Digits_map_to_event_codes(char digit, byte code)
    {
        Assert.Equal(code, DtmfDigits.ToEvent(digit));
        Assert.True(DtmfDigits.TryFromEvent(code, out var back));
        Assert.Equal(char.ToUpperInvariant(digit), back);
    }

    [Fact]
    public void Invalid_digits_are_refused_before_anything_is_queued()
    {
        var sender = new TelephoneEventSender();

        Assert.Throws<ArgumentException>(() => sender.Enqueue("12x"));
        Assert.False(sender.IsBusy);
    }

    [Fact]
    public void The_sender_schedule_is_start_updates_three_ends_then_a_pause()
    {
        var sender = new TelephoneEventSender();
        sender.Enqueue("7");
        var payload = new byte[4];
        var packets = new List<(TelephoneEventPacket Packet, TelephoneEvent Event)>();

        for (uint tick = 0; tick < 20; tick++)
        {
            if (sender.TryNext(1000 + (tick * 160), payload, out var packet))
            {
                Assert.True(TelephoneEvent.TryRead(payload, out var e));
                packets.Add((packet, e));
            }
        }

        // 100 ms = 5 ticks: 4 updates (the first marked), then the end packet three times.
        Assert.Equal(7, packets.Count);
        Assert.True(packets[0].Packet.Marker);
        Assert.All(packets.Skip(1), p => Assert.False(p.Packet.Marker));
        Assert.All(packets, p => Assert.Equal(1000u, p.Packet.Timestamp));
        Assert.Equal([160, 320, 480, 640, 800, 800, 800], packets.Select(p => (int)p.Event.Duration));
        Assert.Equal([false, false, false, false, true, true, true], packets.Select(p => p.Event.End));
        Assert.False(sender.IsBusy);
    }

    [Fact]
    public void Sender_to_receiver_recovers_each_digit_once_with_its_duration()
    {
        var sender = new TelephoneEventSender();
        var receiver = new TelephoneEventReceiver();
        var events = new List<DtmfEvent>();
        sender.Enqueue("1#9*");
        var payload = new byte[4];

        for (uint tick = 0; tick < 200 && sender.IsBusy; tick++)
        {
            if (sender.TryNext(tick * 160, payload, out var packet))
            {
                Assert.True(receiver.Receive(packet.Timestamp, payload.AsSpan(0, packet.Length), events.Add));
            }
        }

        Assert.Equal("1#9*", new string([.. events.Where(e => e.Kind == DtmfEventKind.Started).Select(e => e.Digit)]));
        var ends = events.Where(e => e.Kind == DtmfEventKind.Ended).ToList();
        Assert.Equal("1#9*", new string([.. ends.Select(e => e.Digit)]));
        Assert.All(ends, e => Assert.Equal(TimeSpan.FromMilliseconds(100), e.Duration));
    }

    [Fact]
    public void A_press_whose_start_and_end_packets_were_lost_is_still_reported_once()
    {
        var receiver = new TelephoneEventReceiver();
        var events = new List<DtmfEvent>();
        var payload = new byte[4];

        // Digit 3: start lost, one update, all ends lost. Then digit 4 starts at a new timestamp.
        new TelephoneEvent(3, false, 10, 480).Write(payload);
        receiver.Receive(8000, payload, events.Add);
        receiver.Receive(8000, payload, events.Add);
        new TelephoneEvent(4, false, 10, 160).Write(payload);
        receiver.Receive(9600, payload, events.Add);
        new TelephoneEvent(4, true, 10, 800).Write(payload);
        receiver.Receive(9600, payload, events.Add);
        receiver.Receive(9600, payload, events.Add);

        // A late copy of digit 3's update must not restart it.
        new TelephoneEvent(3, false, 10, 320).Write(payload);
        receiver.Receive(8000, payload, events.Add);

        Assert.Equal(
            [
                new DtmfEvent(DtmfEventKind.Started, '3', TimeSpan.Zero),
                new DtmfEvent(DtmfEventKind.Ended, '3', TimeSpan.FromMilliseconds(60)),
                new DtmfEvent(DtmfEventKind.Started, '4', TimeSpan.Zero),
                new DtmfEvent(DtmfEventKind.Ended, '4', TimeSpan.FromMilliseconds(100)),
            ],
            events);
    }

    [Fact]
    public void Non_DTMF_events_and_short_payloads_are_not_reported()
    {
        var receiver = new TelephoneEventReceiver();
        var events = new List<DtmfEvent>();
        var payload = new byte[4];
        new TelephoneEvent(32, true, 10, 800).Write(payload);

        Assert.False(receiver.Receive(0, payload, events.Add));
        Assert.False(receiver.Receive(0, [1, 2], events.Add));
        Assert.Empty(events);
    }

    [Fact]
    public void Wire_time_runs_from_the_first_event_packet_to_the_last_keys_final_end_packet()
    {
        // Default timing: a 100 ms tone (5 ticks, the last one the first end packet), two more end packets, 100 ms apart.
        Assert.Equal(TimeSpan.Zero, TelephoneEventSender.WireTime(string.Empty));
        Assert.Equal(TimeSpan.FromMilliseconds(140), TelephoneEventSender.WireTime("5"));
        Assert.Equal(TimeSpan.FromMilliseconds(140 + 100 + 140), TelephoneEventSender.WireTime("5#"));
    }
}
