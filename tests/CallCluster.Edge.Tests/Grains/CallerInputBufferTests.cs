using CallCluster.Edge.Grains;
using CallCluster.Grains.Streaming;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Edge.Tests.Grains;

public sealed class CallerInputBufferTests
{
    private static short[] Frame(short value) => Enumerable.Repeat(value, CallStreamCodec.FrameSamples).ToArray();

    private static (CallStreamMessageKind Kind, long Number, short First, char Digit) Decode(CallerInputBuffer buffer, long number)
    {
        var frame = new byte[CallStreamCodec.MaxFrameBytes];
        Assert.True(buffer.TryEncode(number, frame, out var length, out _, out _, quietDbfs: -40));
        var kind = CallStreamCodec.KindOf(frame.AsSpan(0, length));
        if (kind == CallStreamMessageKind.CallerAudio)
        {
            var samples = new short[CallStreamCodec.FrameSamples];
            return (kind, CallStreamCodec.ReadCallerAudio(frame.AsSpan(0, length), samples), samples[0], default);
        }

        var digit = CallStreamCodec.ReadDtmf(frame.AsSpan(0, length), out var read);
        return (kind, read, 0, digit);
    }

    [Fact]
    public void Inputs_are_numbered_in_arrival_order_and_replayed_as_they_came()
    {
        using var buffer = new CallerInputBuffer(capacity: 10);
        Assert.Equal(1, buffer.AddAudio(Frame(100)));
        Assert.Equal(2, buffer.AddDigit('4'));
        Assert.Equal(3, buffer.AddAudio(Frame(300)));

        Assert.Equal((CallStreamMessageKind.CallerAudio, 1L, (short)100, default(char)), Decode(buffer, 1));
        Assert.Equal((CallStreamMessageKind.Dtmf, 2L, (short)0, '4'), Decode(buffer, 2));
        Assert.Equal((CallStreamMessageKind.CallerAudio, 3L, (short)300, default(char)), Decode(buffer, 3));
        Assert.False(buffer.TryEncode(4, new byte[CallStreamCodec.MaxFrameBytes], out _, out _, out _, -40));
    }

    [Fact]
    public void An_acknowledgement_releases_what_it_covers_and_keeps_the_rest()
    {
        using var buffer = new CallerInputBuffer(capacity: 10);
        for (short i = 1; i <= 5; i++)
        {
            buffer.AddAudio(Frame(i));
        }

        buffer.Acknowledge(3);
        Assert.Equal(2, buffer.Count);
        Assert.Equal(4, buffer.Oldest);
        Assert.False(buffer.TryEncode(3, new byte[CallStreamCodec.MaxFrameBytes], out _, out _, out _, -40));
        Assert.Equal(4, Decode(buffer, 4).First);

        // An older acknowledgement arriving late changes nothing; one past the newest input covers only what exists.
        buffer.Acknowledge(2);
        Assert.Equal(2, buffer.Count);
        buffer.Acknowledge(99);
        Assert.Equal(0, buffer.Count);
        Assert.Equal(5, buffer.Acknowledged);
        Assert.Equal(6, buffer.AddDigit('#'));
        Assert.Equal('#', Decode(buffer, 6).Digit);
    }

    [Fact]
    public void Past_capacity_the_oldest_input_is_dropped_and_counted()
    {
        using var buffer = new CallerInputBuffer(capacity: 3);
        for (short i = 1; i <= 5; i++)
        {
            buffer.AddAudio(Frame(i));
        }

        Assert.Equal(3, buffer.Count);
        Assert.Equal(2, buffer.Dropped);
        Assert.Equal(3, buffer.Oldest);
        Assert.Equal(5, buffer.Newest);
        Assert.Equal([3, 4, 5], new long[] { 3, 4, 5 }.Select(n => (long)Decode(buffer, n).First));
    }

    [Fact]
    public void Kept_inputs_are_always_the_unacknowledged_tail_in_order() =>
        Prop.ForAll(
            Gen.ListOf(Gen.Choose(0, 4)).ToArbitrary(),
            Gen.Choose(1, 8).ToArbitrary(),
            (operations, capacity) =>
            {
                using var buffer = new CallerInputBuffer(capacity);
                long acknowledged = 0;
                foreach (var op in operations)
                {
                    if (op == 0)
                    {
                        acknowledged = Math.Max(acknowledged, buffer.Newest - 1);
                        buffer.Acknowledge(buffer.Newest - 1);
                    }
                    else if (op == 1)
                    {
                        buffer.AddDigit('1');
                    }
                    else
                    {
                        buffer.AddAudio(Frame((short)(buffer.Newest + 1)));
                    }
                }

                var expectedOldest = Math.Max(acknowledged + 1, buffer.Newest - capacity + 1);
                var allPresent = true;
                for (var n = expectedOldest; n <= buffer.Newest; n++)
                {
                    allPresent &= Decode(buffer, n).Number == n;
                }

                return buffer.Count == buffer.Newest - expectedOldest + 1 && allPresent
                    && !buffer.TryEncode(expectedOldest - 1, new byte[CallStreamCodec.MaxFrameBytes], out _, out _, out _, -40);
            }).QuickCheckThrowOnFailure();

    [Fact]
    public void Quiet_frames_are_told_apart_from_speech()
    {
        using var buffer = new CallerInputBuffer(capacity: 4);
        buffer.AddAudio(Frame(30));
        buffer.AddAudio(Frame(8000));
        var frame = new byte[CallStreamCodec.MaxFrameBytes];
        Assert.True(buffer.TryEncode(1, frame, out _, out var isAudio, out var quiet, -40));
        Assert.True(isAudio && quiet);
        Assert.True(buffer.TryEncode(2, frame, out _, out _, out quiet, -40));
        Assert.False(quiet);
    }
}
