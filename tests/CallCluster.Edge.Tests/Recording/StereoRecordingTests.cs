using CallCluster.Testing;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Recording;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Tests.Playout;
using CallCluster.Edge.Tests.Support;
using CallCluster.Edge.Tests.Twilio;
using CallCluster.Media.Codecs.G711;
using CallCluster.Media.Frames;
using CallCluster.Media.Recording;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Recording;

public sealed class StereoRecordingTests : IDisposable
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "callcluster-edge-tests", Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }
    }

    [Theory]
    [InlineData("a84b4c76e66710@pc33.atlanta.com", "a84b4c76e66710_pc33.atlanta.com.wav")]
    [InlineData("../../etc/passwd", "_.._etc_passwd.wav")]
    [InlineData("..", "call.wav")]
    public void Call_ids_become_safe_file_names(string callId, string fileName) =>
        Assert.Equal(fileName, StereoRecordingTapFactory.FileNameFor(callId));

    [Fact]
    public void No_folder_means_no_recording()
    {
        var factory = new StereoRecordingTapFactory(Options.Create(new CallRecordingOptions()));
        Assert.Null(factory.Create(Call("c1")));
    }

    [Fact]
    public void The_caller_goes_left_and_the_agent_right_frame_by_frame()
    {
        var factory = new StereoRecordingTapFactory(Options.Create(new CallRecordingOptions { Directory = _folder }));
        using (var tap = factory.Create(Call("c1"))!)
        {
            for (short i = 1; i <= 10; i++)
            {
                tap.OnCallerFrame(Frames.Filled(i));
                tap.OnAgentFrame(Frames.Filled((short)-i));
            }
        }

        var wav = TestWav.Read(Path.Combine(_folder, "c1.wav"));
        Assert.Equal(AudioFormat.SampleRate, wav.SampleRate);
        Assert.Equal(2, wav.Channels);
        var left = wav.Channel(0);
        var right = wav.Channel(1);
        Assert.Equal(10 * AudioFormat.SamplesPerFrame, left.Length);
        for (var f = 0; f < 10; f++)
        {
            Assert.Equal(f + 1, left[f * AudioFormat.SamplesPerFrame]);
            Assert.Equal(-(f + 1), right[(f * AudioFormat.SamplesPerFrame) + 100]);
        }
    }

    [Fact]
    public void On_a_callers_own_leg_the_line_is_the_agent_so_the_sides_swap_and_the_folder_is_created()
    {
        var path = Path.Combine(_folder, "nested", "leg.wav");
        using (var tap = StereoRecordingTap.ToFile(path, CallSide.Agent).Create(Call("leg"))!)
        {
            for (short i = 1; i <= 3; i++)
            {
                tap.OnCallerFrame(Frames.Filled(i));
                tap.OnAgentFrame(Frames.Filled((short)-i));
            }
        }

        var wav = TestWav.Read(path);
        Assert.Equal(-1, wav.Channel(0)[0]);
        Assert.Equal(1, wav.Channel(1)[0]);
        Assert.Equal(-3, wav.Channel(0)[2 * AudioFormat.SamplesPerFrame]);
    }

    [Fact]
    public async Task A_twilio_call_to_the_echo_responder_is_recorded_with_the_tone_on_both_sides()
    {
        await using var server = await TwilioEdgeServer.StartAsync(
            new EchoResponder(), configureRecording: o => o.Directory = _folder);
        await using (var client = await TwilioTestClient.ConnectAsync(server.StreamUri))
        {
            await client.SendStartAsync();
            using var encoder = G711Codec.Pcmu.CreateEncoder();
            var mulaw = new byte[160];
            foreach (var frame in Audio.Tone(frequencyHz: 1000, frames: 25))
            {
                encoder.Encode(frame, mulaw);
                await client.SendMediaAsync(mulaw);
            }

            for (var i = 0; i < 25; i++)
            {
                Assert.Equal("media", (await client.NextAsync())!.Event);
            }

            await client.SendStopAsync();
            await client.WaitForCloseAsync();
        }

        var path = Path.Combine(_folder, TwilioTestClient.CallSid + ".wav");
        await CallCluster.Testing.Eventually.TrueAsync(() => IsComplete(path), TimeSpan.FromSeconds(30), "the recording to be finished");
        var wav = TestWav.Read(path);
        Assert.Equal(2, wav.Channels);
        var left = wav.Channel(0);
        var right = wav.Channel(1);

        // The caller's 25 frames of tone are on the left; the echo plays out on the right as it was paced, later.
        Assert.True(left.Length >= 25 * AudioFormat.SamplesPerFrame, $"{left.Length} samples recorded");
        Assert.InRange(Audio.ZeroCrossings(left.AsSpan(5 * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame)), 36, 44);
        var loudAgentFrames = Enumerable.Range(0, right.Length / AudioFormat.SamplesPerFrame)
            .Count(f => Audio.Rms(right.AsSpan(f * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame)) > 2000);
        Assert.InRange(loudAgentFrames, 20, 25);
    }

    private static bool IsComplete(string path)
    {
        try
        {
            return File.Exists(path) && TestWav.Read(path).Samples.Length > 0;
        }
        catch (Exception e) when (e is IOException or InvalidDataException or ArgumentOutOfRangeException or Xunit.Sdk.XunitException)
        {
            return false;
        }
    }

    private static CallStartInfo Call(string id) =>
        new(id, "", "", "PCMU/8000", DtmfCapability.None, new Dictionary<string, string>(StringComparer.Ordinal));
}
