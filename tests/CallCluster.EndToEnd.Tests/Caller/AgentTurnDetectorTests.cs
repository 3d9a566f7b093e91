using CallCluster.Load.Calls;
using CallCluster.Media.Vad;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>When the caller decides the agent's turn began and ended, from per-frame VAD verdicts (no audio needed).</summary>
public sealed class AgentTurnDetectorTests
{
    private static readonly VoiceActivityOptions Vad = new();
    private static readonly VoiceActivity Quiet = new(0.01, IsSpeech: false);
    private static readonly VoiceActivity Rising = new(0.9, IsSpeech: false);
    private static readonly VoiceActivity Speech = new(0.9, IsSpeech: true);
    private static readonly VoiceActivity Hangover = new(0.1, IsSpeech: true);

    private readonly AgentTurnDetector _detector = new(TimeSpan.FromMilliseconds(800), Vad);
    private int _frame;

    [Fact]
    public void A_turn_starts_where_the_run_of_speech_that_convinced_the_vad_began()
    {
        Feed(Quiet, 10);
        Feed(Rising, 2);

        Assert.Equal(AgentTurnSignal.Started, Next(Speech));
        Assert.Equal(TimeSpan.FromMilliseconds(200), _detector.TurnStart);
        Assert.True(_detector.InTurn);
    }

    [Fact]
    public void Pauses_shorter_than_the_end_of_turn_silence_stay_inside_the_turn_and_a_longer_one_ends_it()
    {
        Assert.Equal(AgentTurnSignal.Started, Next(Speech));
        Feed(Speech, 20);
        Feed(Hangover, 15);
        Feed(Quiet, 30);
        Feed(Speech, 10);
        Assert.True(_detector.InTurn);
        var lastVoice = At(_frame);

        Assert.Equal(AgentTurnSignal.None, Feed(Quiet, 39));
        Assert.Equal(AgentTurnSignal.Ended, Next(Quiet));
        Assert.Equal(lastVoice, _detector.LastVoice);
        Assert.False(_detector.InTurn);
    }

    [Fact]
    public void The_last_sound_is_where_the_voice_stopped_while_speaking_still_holds_through_the_vads_hangover()
    {
        Next(Speech);
        Feed(Speech, 9);
        var voiceEnd = At(_frame);
        Feed(Hangover, 15);

        Assert.True(_detector.AgentSpeaking);
        Assert.Equal(voiceEnd, _detector.LastSound);
        Assert.Equal(At(_frame), _detector.LastVoice);
    }

    [Fact]
    public void A_line_that_goes_quiet_without_frames_still_ends_the_turn_on_a_check()
    {
        Next(Speech);
        Next(Quiet);
        var lastVoice = _detector.LastVoice;

        Assert.Equal(AgentTurnSignal.None, _detector.Check(lastVoice + TimeSpan.FromMilliseconds(799)));
        Assert.Equal(AgentTurnSignal.Ended, _detector.Check(lastVoice + TimeSpan.FromMilliseconds(800)));
    }

    [Fact]
    public void After_the_caller_takes_the_floor_the_agents_next_speech_is_a_new_turn()
    {
        Next(Speech);
        Feed(Quiet, 5);
        _detector.EndTurn();

        Assert.Equal(AgentTurnSignal.Started, Next(Speech));
        Assert.Equal(At(_frame - 1), _detector.TurnStart);
    }

    private static TimeSpan At(int frame) => TimeSpan.FromMilliseconds(20 * frame);

    private AgentTurnSignal Next(VoiceActivity activity) => _detector.Observe(activity, At(_frame++));

    private AgentTurnSignal Feed(VoiceActivity activity, int frames)
    {
        var last = AgentTurnSignal.None;
        for (var i = 0; i < frames; i++)
        {
            var signal = Next(activity);
            last = signal == AgentTurnSignal.None ? last : signal;
        }

        return last;
    }
}
