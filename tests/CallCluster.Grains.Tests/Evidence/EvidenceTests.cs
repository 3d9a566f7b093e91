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
