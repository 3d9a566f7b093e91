using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Sip;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Load.Calls.Sip;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Sdp;
using CallCluster.Speech.Abstractions;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.EndToEnd.Tests.Caller;

/// <summary>
/// The scripted caller over real SIP and RTP on the loopback interface: its own SIP edge places the call (UAC from an
/// ephemeral port) to an agent's SIP edge whose handler is the speaking responder; audio goes through the real codecs.
/// </summary>
[Trait("Category", TestCategories.Audio)]
[Trait("Category", TestCategories.EndToEnd)]
[Collection(CallerAudioCollection.Name)]
public sealed class ScriptedCallerSipTests(CallerAudioFixture audio, ITestOutputHelper output)
{
    private const string Greeting = "hello thank you for calling how can i help you";
    private const string Shipped = "your order has shipped and will arrive tomorrow";
    private const string Thanks = "thank you one moment please";

    public static TheoryData<string> WidebandCodecs => ["G722", "opus", "L16"];

    [Theory]
    [MemberData(nameof(WidebandCodecs))]
    public async Task A_sip_call_carries_speech_both_ways_and_digits_as_rfc_4733(string codec)
    {
        var responder = new SpeakingResponder(audio.TextToSpeech, Greeting, Shipped, Thanks);
        await using var agentEdge = await StartAgentEdgeAsync(responder, new SipEdgeOptions { Port = 0, EnableTcp = false });
        var script = new CallScript([CallerTurn.Say("where is my order"), CallerTurn.Dtmf("12#")]);
        var caller = NewCaller(script, Greeting, Shipped, Thanks);

        var report = await Eventually.WithinAsync(
            SipCallerLeg.CallAsync(caller, AgentUri(agentEdge), [Codec(codec)], audio.Scheduler, null, TimeSpan.FromMinutes(2)),
            TimeSpan.FromMinutes(3),
            "the SIP call to end");
        Write(report, responder);

        Assert.StartsWith(codec, report.Codec, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(CallDisposition.Completed, report.Disposition);
        Assert.Empty(report.Errors);
        Assert.Contains("thank you for calling", report.Greeting?.Text, StringComparison.Ordinal);
        Assert.Contains("shipped", report.Turns[0].Response?.Text, StringComparison.Ordinal);
        Assert.Equal("12#", responder.DigitsReceived);
        Assert.Contains("one moment", report.Turns[1].Response?.Text, StringComparison.Ordinal);
        Assert.All(report.Turns, t => Assert.InRange(t.ResponseLatency!.Value, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(5)));
        await Eventually.WithinAsync(responder.Ended, TimeSpan.FromSeconds(30), "the agent to see the caller's BYE");
        Assert.Contains(responder.Log, e => e.Kind == "ended" && e.Text == "Caller bye");
    }

    [Fact]
    public async Task A_refused_call_is_reported_not_connected_with_the_reason()
    {
        var responder = new SpeakingResponder(audio.TextToSpeech, Greeting);

        // A trunk list that admits only another address refuses us.
        var options = new SipEdgeOptions { Port = 0, EnableTcp = false, Trunks = [new SipTrunkOptions { Name = "carrier", AllowedSources = ["192.0.2.1"] }] };
        await using var agentEdge = await StartAgentEdgeAsync(responder, options);
        var caller = NewCaller(new CallScript([CallerTurn.Say("hello")]), Greeting);

        var report = await Eventually.WithinAsync(
            SipCallerLeg.CallAsync(caller, AgentUri(agentEdge), [AudioCodec.G722], audio.Scheduler, null, TimeSpan.FromMinutes(1)),
            TimeSpan.FromMinutes(1),
            "the refused call to be reported");

        Assert.Equal(CallDisposition.NotConnected, report.Disposition);
        Assert.Matches("40[137]", report.EndReason);
        Assert.Empty(report.Turns);
        Assert.Empty(responder.Log);
    }

    private static AudioCodec Codec(string name) => name switch
    {
        "G722" => AudioCodec.G722,
        "opus" => AudioCodec.Opus,
        _ => AudioCodec.L16,
    };

    private static SipUri AgentUri(SipEdge edge) => SipUri.Parse($"sip:agent@127.0.0.1:{edge.EndPoint.Port}");

    private ScriptedCaller NewCaller(CallScript script, params string[] expected) =>
        new(script, audio.TextToSpeech, audio.SpeechToText, new ScriptedCallerOptions { Hints = new RecognitionHints { Phrases = expected } });

    private async Task<SipEdge> StartAgentEdgeAsync(SpeakingResponder responder, SipEdgeOptions options)
    {
        var calls = new EdgeCallFactory(
            responder, audio.Scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance);
        var edge = new SipEdge(options, calls, TimeProvider.System, NullLoggerFactory.Instance);
        await edge.StartAsync();
        return edge;
    }

    private void Write(CallReport report, SpeakingResponder responder)
    {
        foreach (var line in report.Transcript)
        {
            output.WriteLine($"{line.At.TotalSeconds,6:0.00}s {line.Speaker,-6} {line.Text}");
        }

        foreach (var turn in report.Turns)
        {
            output.WriteLine($"turn {turn.Index}: {turn.Turn} latency {turn.ResponseLatency?.TotalMilliseconds:0} ms");
        }

        output.WriteLine($"{report.Disposition} ({report.EndReason}) codec {report.Codec}; errors: {string.Join("; ", report.Errors)}");
        foreach (var e in responder.Log)
        {
            output.WriteLine($"  responder {e.At.TotalSeconds,6:0.00}s {e.Kind} {e.Text}");
        }
    }
}
