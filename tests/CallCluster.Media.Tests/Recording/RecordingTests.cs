using System.Diagnostics;
using CallCluster.Media.Recording;
using CallCluster.Media.Tests.Support;
using CallCluster.Media.Tones;
using CallCluster.Testing;

namespace CallCluster.Media.Tests.Recording;

public sealed class RecordingTests : IDisposable
{
    private readonly string directory = Directory.CreateTempSubdirectory("callcluster-media-").FullName;

    public void Dispose() => Directory.Delete(directory, recursive: true);

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public void A_mono_wav_reads_back_and_sox_agrees_on_its_format()
    {
        var path = Path.Combine(directory, "tone.wav");
        var tone = new short[16000];
        new ToneGenerator(440).Fill(tone);
        using (var writer = WavWriter.Create(path, 16000, 1))
        {
            writer.Write(tone);
            Assert.Equal(TimeSpan.FromSeconds(1), writer.Duration);
        }

        var wav = TestWav.Read(path);
        Assert.Equal((16000, 1), (wav.SampleRate, wav.Channels));
        Assert.Equal(tone, wav.Samples);

        var info = SoxInfo(path);
        Assert.Contains("Channels       : 1", info, StringComparison.Ordinal);
        Assert.Contains("Sample Rate    : 16000", info, StringComparison.Ordinal);
        Assert.Contains("= 16000 samples", info, StringComparison.Ordinal);
    }

    [Fact]
    [Trait("Category", TestCategories.Audio)]
    public void The_stereo_recording_puts_caller_left_and_agent_right_on_one_timeline()
    {
        var path = Path.Combine(directory, "call.wav");
        var callerTone = new ToneGenerator(440);
        var agentTone = new ToneGenerator(1000, secondFrequency: 1300, amplitude: 0.2);
        var frame = new short[320];
        long late;
        using (var recorder = StereoCallRecorder.Create(path))
        {
            // 2 s of caller audio. The agent speaks from 0.5 s to 1.5 s, its frames arriving in bursts of five
            // and one frame lost at 1.0 s; one caller frame comes in 1.5 s late and must be dropped.
            for (var slot = 0; slot < 100; slot++)
            {
                callerTone.Fill(frame);
                recorder.Write(CallSide.Caller, frame, TimeSpan.FromMilliseconds(slot * 20));
                if (slot >= 25 && slot < 75 && slot % 5 == 4)
                {
                    for (var burst = slot - 4; burst <= slot; burst++)
                    {
                        agentTone.Fill(frame);
                        if (burst != 50)
                        {
                            recorder.Write(CallSide.Agent, frame, TimeSpan.FromMilliseconds(burst * 20));
                        }
                    }
                }
            }

            recorder.Write(CallSide.Caller, frame, TimeSpan.FromMilliseconds(500));
            late = recorder.LateFrames;
        }

        Assert.Equal(1, late);
        var wav = TestWav.Read(path);
        Assert.Equal((16000, 2), (wav.SampleRate, wav.Channels));
        var left = wav.Samples.Where((_, i) => i % 2 == 0).ToArray();
        var right = wav.Samples.Where((_, i) => i % 2 == 1).ToArray();
        Assert.Equal(32000, left.Length);

        Assert.True(SineFit.SnrDb(left, 440, 16000) > 60, "caller tone on the left, continuous");
        Assert.Equal(0, Measure.Rms(right.AsSpan(0, 8000)));
        Assert.True(Goertzel.Power(right.AsSpan(8000, 8000), 1000, 16000) > 0.03, "agent tone on the right from 0.5 s");
        Assert.Equal(0, Measure.Rms(right.AsSpan(50 * 320, 320)));
        Assert.Equal(0, Measure.Rms(right.AsSpan(24000)));

        var info = SoxInfo(path);
        Assert.Contains("Channels       : 2", info, StringComparison.Ordinal);
        Assert.Contains("Duration       : 00:00:02.00", info, StringComparison.Ordinal);
    }

    [Fact]
    public void A_silent_side_does_not_hold_the_recording_back()
    {
        using var stream = new MemoryStream();
        var writer = new WavWriter(stream, 16000, 2, leaveOpen: true);
        var recorder = new StereoCallRecorder(writer);

        for (var slot = 0; slot < 200; slot++)
        {
            recorder.Write(CallSide.Caller, new short[320], TimeSpan.FromMilliseconds(slot * 20));
        }

        // Only the agent is missing, so everything older than the 1 s skew is already on disk.
        Assert.InRange(recorder.Duration.TotalSeconds, 2.9, 3.1);
        recorder.Dispose();
        Assert.Equal(TimeSpan.FromSeconds(4), writer.Duration);
    }

    [Fact]
    public void The_recorder_refuses_a_writer_of_the_wrong_format()
    {
        using var stream = new MemoryStream();
        using var writer = new WavWriter(stream, 8000, 2);

        Assert.Throws<ArgumentException>(() => new StereoCallRecorder(writer));
    }

    private static string SoxInfo(string path)
    {
        using var process = ChildProcess.Start(new ProcessStartInfo("sox", ["--i", path]));
        var output = process.StandardOutput.ReadToEnd();
        Assert.True(process.WaitForExit(TimeSpan.FromSeconds(30)), "sox --i did not finish");
        Assert.Equal(0, process.ExitCode);
        return output;
    }
}
