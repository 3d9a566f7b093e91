using System.Text;
using System.Text.Json;
using CallCluster.Grains.Evidence;
using CallCluster.Load.Calls.Reporting;

namespace CallCluster.EndToEnd.Tests.AgentPaths;

/// <summary>One path test's call seen from both sides: the caller's report and the agent's evidence package.</summary>
internal sealed record PathCall(CallReport Report, CallEvidence Evidence, CallerLineMarks CallerLines)
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The agent's lines in the evidence transcript, in order.</summary>
    public IReadOnlyList<Grains.Evidence.TranscriptLine> AgentLines => [.. Evidence.Transcript.Where(l => l.Speaker == "agent")];

    /// <summary>What the caller heard the agent say, all turns joined (its recogniser's transcripts).</summary>
    public string CallerHeard => string.Join(" | ", Report.Transcript.Where(l => l.Speaker == "agent").Select(l => l.Text));

    /// <summary>Runs <paramref name="assertions"/>; a failure carries both sides of the call, so a red run explains itself.</summary>
    public void Verify(Action<PathCall> assertions)
    {
        ArgumentNullException.ThrowIfNull(assertions);
        try
        {
            assertions(this);
        }
        catch (Xunit.Sdk.XunitException e)
        {
            throw new Xunit.Sdk.XunitException(e.Message + Environment.NewLine + Describe(), e);
        }
    }

    /// <summary>The caller's report (turns, what it heard, timings) and the evidence's transcript, turns, tools and counters.</summary>
    public string Describe()
    {
        var text = new StringBuilder();
        text.AppendLine("Caller's report:").AppendLine(CallReportJson.Serialize(Report));
        text.AppendLine("Agent's evidence:").AppendLine(JsonSerializer.Serialize(Evidence, Json));
        return text.ToString();
    }
}
