using CallCluster.Grains.Listening;

namespace CallCluster.Grains.Tests.Listening;

public sealed class ListeningTests
{
    private static readonly short[] Silence = new short[320];
    private static readonly short[] Speech = [.. Enumerable.Range(0, 320).Select(i => (short)(Math.Sin(i * 0.2) * 6000))];

    [Fact]
    public void Speech_starts_after_the_start_frames_and_stops_after_the_stop_frames()
    {
        var vad = new EnergyVad(-40, startFrames: 3, stopFrames: 15);
        Assert.False(vad.Process(Speech));
        Assert.False(vad.Process(Speech));
        Assert.True(vad.Process(Speech));
        Assert.True(vad.InSpeech);
        for (var i = 0; i < 14; i++)
        {
            Assert.False(vad.Process(Silence));
        }

        Assert.True(vad.Process(Silence));
        Assert.False(vad.InSpeech);
    }

    [Fact]
    public void A_click_shorter_than_the_start_frames_is_not_speech()
    {
        var vad = new EnergyVad(-40, startFrames: 3, stopFrames: 15);
        Assert.False(vad.Process(Speech));
        Assert.False(vad.Process(Speech));
        Assert.False(vad.Process(Silence));
        Assert.False(vad.Process(Speech));
        Assert.False(vad.InSpeech);
    }

    [Fact]
    public void Pre_roll_replays_the_last_frames_oldest_first()
    {
        var preRoll = new PreRoll(frames: 3, frameSamples: 1);
        for (short i = 1; i <= 5; i++)
        {
            preRoll.Add([i]);
        }

        var replayed = new List<short>();
        preRoll.Replay(f => replayed.Add(f.Span[0]));
        Assert.Equal([3, 4, 5], replayed);
    }
}
