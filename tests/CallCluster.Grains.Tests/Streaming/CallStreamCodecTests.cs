using CallCluster.Grains.Calls;
using CallCluster.Grains.Streaming;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Grains.Tests.Streaming;

public sealed class CallStreamCodecTests
{
    private static Arbitrary<short[]> Frames => Gen.ArrayOf(ArbMap.Default.GeneratorFor<short>(), CallStreamCodec.FrameSamples).ToArbitrary();

    [Fact]
    public void Agent_audio_frames_round_trip_sample_for_sample() =>
        Prop.ForAll(Frames, samples =>
        {
            var frame = new byte[CallStreamCodec.MaxFrameBytes];
            var length = CallStreamCodec.WriteAgentAudio(samples, frame);
            var decoded = new short[CallStreamCodec.FrameSamples];
            CallStreamCodec.ReadAgentAudio(frame.AsSpan(0, length), decoded);
            return CallStreamCodec.KindOf(frame.AsSpan(0, length)) == CallStreamMessageKind.AgentAudio && decoded.SequenceEqual(samples);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Caller_audio_frames_round_trip_with_their_input_number() =>
        Prop.ForAll(Frames, ArbMap.Default.ArbFor<long>(), (samples, number) =>
        {
            var frame = new byte[CallStreamCodec.MaxFrameBytes];
            var length = CallStreamCodec.WriteCallerAudio(number, samples, frame);
            var decoded = new short[CallStreamCodec.FrameSamples];
            var read = CallStreamCodec.ReadCallerAudio(frame.AsSpan(0, length), decoded);
            return length == CallStreamCodec.CallerAudioFrameBytes
                && CallStreamCodec.KindOf(frame.AsSpan(0, length)) == CallStreamMessageKind.CallerAudio
                && read == number
                && decoded.SequenceEqual(samples);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Mark_frames_carry_the_edges_time_and_the_name() =>
        Prop.ForAll(ArbMap.Default.ArbFor<DateTimeOffset>(), ArbMap.Default.ArbFor<NonNull<string>>(), (reachedAt, name) =>
        {
            var text = name.Get.Length > 200 ? name.Get[..200] : name.Get;
            var frame = new byte[CallStreamCodec.MaxFrameBytes];
            var length = CallStreamCodec.WriteMark(CallStreamMessageKind.MarkPlayed, text, reachedAt, frame);
            var read = CallStreamCodec.ReadMark(frame.AsSpan(0, length), out var at);
            return CallStreamCodec.KindOf(frame.AsSpan(0, length)) == CallStreamMessageKind.MarkPlayed
                && read == text
                && at.UtcTicks == reachedAt.UtcTicks;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void A_mark_frame_too_short_for_its_time_is_refused()
    {
        var frame = new byte[] { (byte)CallStreamMessageKind.MarkPlayed, 1, 2, 3 };
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadMark(frame, out _));
    }

    [Fact]
    public void Dtmf_frames_and_input_acknowledgements_round_trip() =>
        Prop.ForAll(ArbMap.Default.ArbFor<long>(), ArbMap.Default.ArbFor<char>(), (number, digit) =>
        {
            var frame = new byte[CallStreamCodec.MaxFrameBytes];
            var length = CallStreamCodec.WriteDtmf(number, digit, frame);
            var key = CallStreamCodec.ReadDtmf(frame.AsSpan(0, length), out var read);
            length = CallStreamCodec.WriteInputAck(number, frame);
            return key == digit && read == number
                && CallStreamCodec.KindOf(frame.AsSpan(0, length)) == CallStreamMessageKind.InputAck
                && CallStreamCodec.ReadInputAck(frame.AsSpan(0, length)) == number;
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Text_and_hello_frames_round_trip()
    {
        var frame = new byte[CallStreamCodec.MaxFrameBytes];
        var length = CallStreamCodec.WriteText(CallStreamMessageKind.Mark, "ab12cd34/7/end", frame);
        Assert.Equal("ab12cd34/7/end", CallStreamCodec.ReadText(frame.AsSpan(0, length)));

        var hello = new CallHello("call-1", "+15550100", "+15559999", Reconnect: true, LastInput: 4321);
        length = CallStreamCodec.WriteHello(hello, frame);
        Assert.Equal(hello, CallStreamCodec.ReadHello(frame.AsSpan(0, length)));
    }

    [Fact]
    public void Malformed_frames_are_refused_with_a_reason()
    {
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.KindOf([]));
        Assert.Contains("kind 99", Assert.Throws<InvalidDataException>(() => CallStreamCodec.KindOf([99])).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadAgentAudio(new byte[10], new short[CallStreamCodec.FrameSamples]));
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadCallerAudio(new byte[CallStreamCodec.AudioFrameBytes], new short[CallStreamCodec.FrameSamples]));
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadDtmf(new byte[3], out _));
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadInputAck(new byte[4]));
        Assert.Throws<ArgumentException>(() => CallStreamCodec.WriteAgentAudio(new short[100], new byte[CallStreamCodec.MaxFrameBytes]));
    }
}
