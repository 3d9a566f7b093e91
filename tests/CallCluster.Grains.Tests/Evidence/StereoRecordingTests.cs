using CallCluster.Grains.Evidence;

namespace CallCluster.Grains.Tests.Evidence;

public sealed class StereoRecordingTests : IDisposable
{
    private const int Frame = 320;
    private const int Chunk = RecordingTrack.ChunkSamples;

    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callcluster-recording-" + Guid.NewGuid().ToString("N"));

    private string Partial => Path.Combine(_folder, "call", "recording.test.partial");

    private string Saved => Path.Combine(_folder, "recording.wav");

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Fact]
    public void The_recording_keeps_only_the_agent_audio_the_caller_heard()
    {
        using var recording = New();
        var loud = Enumerable.Repeat((short)1000, Frame).ToArray();
        recording.AppendCaller(new short[Frame]);
        for (var i = 0; i < 10; i++)
        {
            recording.AppendAgent(loud);
        }

        recording.AppendCaller(new short[Frame]);
        recording.CutAgent();
        recording.SaveAs(Saved);

        var (left, right, rate) = Read();
        Assert.Equal(16_000, rate);
        Assert.Equal(640, left.Length);
        // The agent started at the caller's "now" (320) and was cut back to the caller's clock (640).
        Assert.All(right[..320], s => Assert.Equal(0, s));
        Assert.All(right[320..], s => Assert.Equal(1000, s));
    }

    [Fact]
    public void A_recording_of_several_seconds_comes_back_sample_for_sample_across_its_chunks()
    {
        // 3.5 s of caller audio whose samples count up, and agent audio from 1 s on: both tracks span several chunks.
        using var recording = New();
        var frame = new short[Frame];
        for (var f = 0; f < 175; f++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)((f * Frame) + i);
            }

            recording.AppendCaller(frame);
            if (f == 50)
            {
                // The caller's "now" is 51 frames in: the agent's first frame is laid there, 1 s of silence before it.
                recording.AppendAgent(frame);
            }
        }

        recording.SaveAs(Saved);

        var (left, right, _) = Read();
        Assert.Equal(175 * Frame, left.Length);
        Assert.Equal(Enumerable.Range(0, 175 * Frame).Select(i => (short)i), left);
        Assert.All(right[..(51 * Frame)], s => Assert.Equal(0, s));
        Assert.Equal(Enumerable.Range(50 * Frame, Frame).Select(i => (short)i), right[(51 * Frame)..(52 * Frame)]);
        Assert.All(right[(52 * Frame)..], s => Assert.Equal(0, s));
    }

    [Fact]
    public void Settled_audio_goes_to_the_file_while_the_call_runs_and_agent_audio_queued_ahead_survives_it()
    {
        using var recording = New();
        var agent = Enumerable.Range(0, Frame).Select(i => (short)(i + 1)).ToArray();
        var caller = Enumerable.Repeat((short)-3, Frame).ToArray();
        recording.AppendCaller(caller);
        // 4 s of agent audio sent ahead of the caller's clock: it spans the chunks the caller's audio will settle.
        for (var f = 0; f < 200; f++)
        {
            recording.AppendAgent(agent);
        }

        for (var f = 1; f < 150; f++)
        {
            recording.AppendCaller(caller);
        }

        // 3 s have passed on the caller's clock: the two whole chunks before it are on disk, the rest in memory.
        Assert.True(File.Exists(Partial), "nothing was written while the call ran");
        Assert.Equal(44 + (2 * Chunk * 4), new FileInfo(Partial).Length);

        // A barge-in at 3 s: the agent's audio from there on was never heard.
        recording.CutAgent();
        recording.SaveAs(Saved);

        Assert.False(File.Exists(Partial));
        var (left, right, _) = Read();
        Assert.Equal(150 * Frame, left.Length);
        Assert.All(left, s => Assert.Equal(-3, s));
        for (var f = 0; f < 150; f++)
        {
            var expected = f == 0 ? new short[Frame] : agent;
            Assert.Equal(expected, right[(f * Frame)..((f + 1) * Frame)]);
        }
    }

    [Fact]
    public void A_long_silence_from_the_agent_is_written_as_silence_on_chunks_another_call_gave_back()
    {
        var loud = Enumerable.Repeat((short)-7000, Frame).ToArray();
        using (var earlier = New("earlier.partial"))
        {
            for (var f = 0; f < 200; f++)
            {
                earlier.AppendCaller(loud);
                earlier.AppendAgent(loud);
            }
        }

        using var recording = New();
        for (var f = 0; f < 200; f++)
        {
            recording.AppendCaller(new short[Frame]);
        }

        recording.AppendAgent(loud);
        recording.SaveAs(Saved);

        var (left, right, _) = Read();
        Assert.Equal(201 * Frame, right.Length);
        Assert.All(left, s => Assert.Equal(0, s));
        Assert.All(right[..(200 * Frame)], s => Assert.Equal(0, s));
        Assert.All(right[(200 * Frame)..], s => Assert.Equal(-7000, s));
    }

    [Fact]
    public void A_recording_disposed_unsaved_leaves_no_file_and_records_nothing_more()
    {
        var recording = New();
        for (var f = 0; f < 120; f++)
        {
            recording.AppendCaller(new short[Frame]);
        }

        Assert.True(File.Exists(Partial));
        recording.Dispose();
        recording.AppendCaller(new short[Frame]);

        Assert.True(recording.IsClosed);
        Assert.False(File.Exists(Partial));
        Assert.Throws<ObjectDisposedException>(() => recording.SaveAs(Saved));
    }

    [Fact]
    public void A_file_that_cannot_be_written_stops_the_recording_not_the_call()
    {
        // The recording's folder is a file: the first settled chunk cannot be written.
        Directory.CreateDirectory(_folder);
        File.WriteAllText(Path.Combine(_folder, "call"), "in the way");
        using var recording = New();

        for (var f = 0; f < 120; f++)
        {
            recording.AppendCaller(new short[Frame]);
        }

        Assert.True(recording.IsClosed);
        Assert.Contains("recording.test.partial", recording.Failure, StringComparison.Ordinal);
    }

    private StereoRecording New(string file = "recording.test.partial") =>
        new(TimeSpan.FromMinutes(1), Path.Combine(_folder, "call", file));

    private (short[] Left, short[] Right, int Rate) Read() => WavFile.DecodeStereo(File.ReadAllBytes(Saved));
}
