using CallCluster.Grains.Calls;
using CallCluster.Grains.Streaming;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Grains.Tests.Streaming;

public sealed class CallStreamCodecTests
{
    [Fact]
    public void Audio_frames_round_trip_sample_for_sample() =>
        Prop.ForAll<short[]>(Gen.ArrayOf(ArbMap.Default.GeneratorFor<short>(), CallStreamCodec.FrameSamples).ToArbitrary(), samples =>
        {
            var frame = new byte[CallStreamCodec.MaxFrameBytes];
            var length = CallStreamCodec.WriteAudio(CallStreamMessageKind.CallerAudio, samples, frame);
            var decoded = new short[CallStreamCodec.FrameSamples];
            CallStreamCodec.ReadAudio(frame.AsSpan(0, length), decoded);
            return CallStreamCodec.KindOf(frame.AsSpan(0, length)) == CallStreamMessageKind.CallerAudio && decoded.SequenceEqual(samples);
        }).QuickCheckThrowOnFailure();

    [Fact]
    public void Text_dtmf_and_hello_frames_round_trip()
    {
        var frame = new byte[CallStreamCodec.MaxFrameBytes];
        var length = CallStreamCodec.WriteText(CallStreamMessageKind.Mark, "ab12cd34/7/end", frame);
        Assert.Equal("ab12cd34/7/end", CallStreamCodec.ReadText(frame.AsSpan(0, length)));

        length = CallStreamCodec.WriteDtmf('#', frame);
        Assert.Equal('#', CallStreamCodec.ReadDtmf(frame.AsSpan(0, length)));

        var hello = new CallHello("call-1", "+15550100", "+15559999", Reconnect: true);
        length = CallStreamCodec.WriteHello(hello, frame);
        Assert.Equal(hello, CallStreamCodec.ReadHello(frame.AsSpan(0, length)));
    }

    [Fact]
    public void Malformed_frames_are_refused_with_a_reason()
    {
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.KindOf([]));
        Assert.Contains("kind 99", Assert.Throws<InvalidDataException>(() => CallStreamCodec.KindOf([99])).Message, StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => CallStreamCodec.ReadAudio(new byte[10], new short[CallStreamCodec.FrameSamples]));
        Assert.Throws<ArgumentException>(() => CallStreamCodec.WriteAudio(CallStreamMessageKind.AgentAudio, new short[100], new byte[CallStreamCodec.MaxFrameBytes]));
    }
}
