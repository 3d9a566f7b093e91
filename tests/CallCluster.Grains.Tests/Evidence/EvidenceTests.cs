using CallCluster.Grains.Evidence;
using CallCluster.Grains.Speaking;

namespace CallCluster.Grains.Tests.Evidence;

public sealed class EvidenceTests
{
    [Theory]
    [InlineData("my order is 123456", "my order is [redacted]")]
    [InlineData("one two three four five six", "[redacted]")]
    [InlineData("call me on +1 (555) 010-0100 please", "call me on [redacted] please")]
    [InlineData("order status", "order status")]
    [InlineData("I have 2 items", "I have 2 items")]
    public void Digit_runs_typed_or_spoken_are_redacted(string text, string expected) =>
        Assert.Equal(expected, new PiiRedactor().Redact(text).Trim());

    [Fact]
    public void Sensitive_values_are_redacted_wherever_they_appear()
    {
        var redactor = new PiiRedactor();
        redactor.AddSensitive("Ada Lovelace");
        Assert.Equal("Thanks, [redacted]. Shall I go ahead?", redactor.Redact("Thanks, ada lovelace. Shall I go ahead?"));
    }

    [Fact]
    public void Sentences_end_at_offsets_into_the_line()
    {
        const string line = "Sure. What's your number? Say it or type it";
        var sentences = SentenceSplitter.Split(line);
        Assert.Equal(["Sure.", "What's your number?", "Say it or type it"], sentences.Select(s => s.Sentence));
        Assert.Equal([5, 25, line.Length], sentences.Select(s => s.End));
        Assert.Equal("Sure. What's your number?", line[..sentences[1].End]);
    }

    [Fact]
    public async Task The_recording_keeps_only_the_agent_audio_the_caller_heard()
    {
        using var recording = new StereoRecording(TimeSpan.FromMinutes(1));
        var loud = Enumerable.Repeat((short)1000, 320).ToArray();
        recording.AppendCaller(new short[320]);
        for (var i = 0; i < 10; i++)
        {
            recording.AppendAgent(loud);
        }

        recording.AppendCaller(new short[320]);
        recording.CutAgent();
        var path = Path.GetTempFileName();
        try
        {
            await recording.WriteWavAsync(path, CancellationToken.None);
            var (left, right, rate) = WavFile.DecodeStereo(await File.ReadAllBytesAsync(path));
            Assert.Equal(16_000, rate);
            Assert.Equal(640, left.Length);
            // The agent started at the caller's "now" (320) and was cut back to the caller's clock (640).
            Assert.All(right[..320], s => Assert.Equal(0, s));
            Assert.All(right[320..], s => Assert.Equal(1000, s));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_recording_of_several_seconds_comes_back_sample_for_sample_across_its_chunks()
    {
        // 3.5 s of caller audio whose samples count up, and agent audio from 1 s on: both tracks span several chunks.
        using var recording = new StereoRecording(TimeSpan.FromMinutes(1));
        var frame = new short[320];
        for (var f = 0; f < 175; f++)
        {
            for (var i = 0; i < frame.Length; i++)
            {
                frame[i] = (short)((f * 320) + i);
            }

            recording.AppendCaller(frame);
            if (f == 50)
            {
                // The caller's "now" is 51 frames in: the agent's first frame is laid there, 1 s of silence before it.
                recording.AppendAgent(frame);
            }
        }

        var path = Path.GetTempFileName();
        try
        {
            await recording.WriteWavAsync(path, CancellationToken.None);
            var (left, right, _) = WavFile.DecodeStereo(await File.ReadAllBytesAsync(path));
            Assert.Equal(175 * 320, left.Length);
            Assert.Equal(Enumerable.Range(0, 175 * 320).Select(i => (short)i), left);
            Assert.All(right[..(51 * 320)], s => Assert.Equal(0, s));
            Assert.Equal(Enumerable.Range(50 * 320, 320).Select(i => (short)i), right[(51 * 320)..(52 * 320)]);
            Assert.All(right[(52 * 320)..], s => Assert.Equal(0, s));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task Silence_laid_down_on_chunks_another_call_gave_back_is_silent()
    {
        var loud = Enumerable.Repeat((short)-7000, 320).ToArray();
        using (var earlier = new StereoRecording(TimeSpan.FromMinutes(1)))
        {
            for (var f = 0; f < 200; f++)
            {
                earlier.AppendCaller(loud);
                earlier.AppendAgent(loud);
            }
        }

        using var recording = new StereoRecording(TimeSpan.FromMinutes(1));
        for (var f = 0; f < 100; f++)
        {
            recording.AppendCaller(new short[320]);
        }

        recording.AppendAgent(loud);
        var path = Path.GetTempFileName();
        try
        {
            await recording.WriteWavAsync(path, CancellationToken.None);
            var (left, right, _) = WavFile.DecodeStereo(await File.ReadAllBytesAsync(path));
            Assert.All(left, s => Assert.Equal(0, s));
            Assert.All(right[..(100 * 320)], s => Assert.Equal(0, s));
            Assert.All(right[(100 * 320)..], s => Assert.Equal(-7000, s));
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public async Task A_package_reads_back_and_a_hostile_call_id_stays_inside_the_store()
    {
        var root = Path.Combine(Path.GetTempPath(), "callcluster-evidence-" + Guid.NewGuid().ToString("N"));
        try
        {
            var store = new EvidenceStore(root);
            var evidence = new CallEvidence
            {
                CallId = "../../etc/passwd",
                AgentVersion = "v1",
                Disposition = "resolved",
                Caller = "[redacted]",
                StartedAt = DateTimeOffset.UnixEpoch,
                EndedAt = DateTimeOffset.UnixEpoch.AddMinutes(1),
                Transcript = [new TranscriptLine("agent", "Hello.", DateTimeOffset.UnixEpoch)],
                Turns = [new TurnLatencyRecord(1, "Answered", 500, 20, 5, null, 10, 30, 600)],
                ToolCalls = [],
                FinalRecords = new Dictionary<string, string> { ["slot.order_number"] = "[redacted]" },
                Counters = new Dictionary<string, int> { ["barge_ins"] = 0 },
                Errors = [],
            };
            await store.WriteAsync(evidence, recording: null, CancellationToken.None);

            Assert.StartsWith(store.Directory, store.PackagePath(evidence.CallId), StringComparison.Ordinal);
            var read = await store.ReadAsync(evidence.CallId);
            Assert.Equal("resolved", read.Disposition);
            Assert.Equal(600, Assert.Single(read.Turns).EndToEndMs);
            Assert.Contains("Hello.", EvidenceFormatter.ToText(read), StringComparison.Ordinal);
            Assert.Contains("no-such-call", (await Assert.ThrowsAsync<FileNotFoundException>(() => store.ReadAsync("no-such-call"))).Message, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(root))
            {
                Directory.Delete(root, recursive: true);
            }
        }
    }
}
