using System.Diagnostics;
using CallCluster.Load.Failover;

namespace CallCluster.EndToEnd.Tests.Failover;

/// <summary>The gap in agent audio across a kill, as the failover benchmark defines it (frame times are given).</summary>
public sealed class AgentAudioTimelineTests
{
    private static readonly long Frame = Stopwatch.Frequency / 50;
    private static readonly short[] Voice = Enumerable.Repeat((short)4000, 320).ToArray();
    private static readonly short[] Hiss = Enumerable.Repeat((short)100, 320).ToArray();

    private readonly AgentAudioTimeline _timeline = new();

    [Fact]
    public void Speaking_at_the_kill_the_gap_runs_from_the_end_of_the_cut_off_audio_to_the_resumed_audio()
    {
        Play(Voice, fromFrame: 0, frames: 100);       // 0–2 s, cut off by the edge just after the kill at 1.9 s
        Play(Hiss, fromFrame: 100, frames: 30);       // comfort noise is not the agent speaking
        Play(Voice, fromFrame: 130, frames: 50);      // the resume line from 2.6 s

        Assert.Equal(TimeSpan.FromMilliseconds(600), _timeline.GapAcross(At(95)));
    }

    [Fact]
    public void Silent_at_the_kill_the_gap_runs_from_the_kill()
    {
        Play(Voice, fromFrame: 0, frames: 50);        // 0–1 s
        Play(Voice, fromFrame: 150, frames: 50);      // resumed at 3 s

        Assert.Equal(TimeSpan.FromMilliseconds(1000), _timeline.GapAcross(At(100)));
    }

    [Fact]
    public void Mid_line_at_the_kill_the_gap_runs_from_the_end_of_the_callers_line()
    {
        Play(Voice, fromFrame: 0, frames: 50);        // 0–1 s, the agent's question; the caller answers from 1.2 s
        Play(Voice, fromFrame: 250, frames: 50);      // the answer to the replayed line at 5 s

        // Killed at 2 s while the caller spoke until 4 s: the caller waited from 4 s, not from the kill.
        Assert.Equal(TimeSpan.FromMilliseconds(1000), _timeline.GapAcross(At(100), [(At(60), At(200))]));
    }

    [Fact]
    public void A_line_the_caller_began_after_the_kill_moves_the_start_to_its_end()
    {
        Play(Voice, fromFrame: 0, frames: 50);        // 0–1 s, the agent's question
        Play(Voice, fromFrame: 300, frames: 50);      // the answer at 6 s

        // Killed at 1.5 s while the agent listened; the caller keyed its answer from 3 s to 4.5 s and waited from there.
        Assert.Equal(TimeSpan.FromMilliseconds(1500), _timeline.GapAcross(At(75), [(At(-100), At(-50)), (At(150), At(225))]));
    }

    [Fact]
    public void An_agent_that_speaks_before_the_caller_finished_leaves_no_gap()
    {
        Play(Voice, fromFrame: 0, frames: 50);
        Play(Voice, fromFrame: 150, frames: 50);      // a resume line over the caller's line at 3 s

        Assert.Equal(TimeSpan.Zero, _timeline.GapAcross(At(100), [(At(60), At(200))]));
    }

    [Fact]
    public void Pauses_between_words_shorter_than_200_ms_are_not_the_gap()
    {
        Play(Voice, fromFrame: 0, frames: 50);
        Play(Voice, fromFrame: 57, frames: 20);       // 140 ms pause, same utterance, still playing at the kill
        Play(Voice, fromFrame: 120, frames: 20);

        Assert.Equal(TimeSpan.FromMilliseconds(860), _timeline.GapAcross(At(60)));
    }

    [Fact]
    public void An_agent_never_heard_again_has_no_gap()
    {
        Play(Voice, fromFrame: 0, frames: 50);

        Assert.Null(_timeline.GapAcross(At(60)));
        Assert.True(_timeline.HeardSince(At(10)));
        Assert.False(_timeline.HeardSince(At(60)));
    }

    private static long At(int frame) => 1_000_000 + (frame * Frame);

    private void Play(short[] samples, int fromFrame, int frames)
    {
        for (var i = 0; i < frames; i++)
        {
            _timeline.Observe(samples, At(fromFrame + i));
        }
    }
}
