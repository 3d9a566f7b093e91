using System.Text.Json;
using CallCluster.Agent.TurnTaking;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class TurnTakingPropertyTests
{
    private static readonly string[] Utterances = ["", " ", "yes", "no", "my balance", "pay 42 dollars", "4111 1111 1111 1111"];

    private static readonly char[] Keys = ['1', '5', '#', '*', 'x'];

    private static readonly TransferOutcome[] Outcomes = Enum.GetValues<TransferOutcome>();

    private const int EventKinds = 18;

    /// <summary>A keypad grammar for the random keys: "5" and "15" are whole answers, so "1" waits for more.</summary>
    private static readonly Predicate<string> KeyedAnswer = digits => digits is "5" or "15";

    [Fact]
    public void Random_event_sequences_never_throw_never_overlap_speech_and_never_lose_the_agent()
    {
        // Each int is one event: its residue picks the kind, the rest is its argument (a duration, a text, a turn).
        var step = Gen.Zip(Gen.Choose(0, EventKinds - 1), Gen.Choose(0, 100_000), (kind, argument) => kind + (EventKinds * argument));
        var script = Gen.Zip(Gen.Choose(1, 250).SelectMany(length => Gen.ArrayOf(step, length)), Gen.Elements(true, false));
        var coverage = new Dictionary<string, int>(StringComparer.Ordinal);
        var property = Prop.ForAll(Arb.From(script, Shrink), run => Play(run.Item1, run.Item2, coverage));

        Check.One(Config.QuickThrowOnFailure.WithMaxTest(500), property);

        // The property means something only if the random scripts reach the interesting paths.
        foreach (var path in new[] { "RunDecision", "Barge-in", "FalseInterruption", "Superseded", "Fallback", "Reprompt", "Resume", "StartTransfer", "HangUp", "CallFinished" })
        {
            Assert.True(coverage.GetValueOrDefault(path) > 0, $"no random script reached {path}: {string.Join(", ", coverage)}");
        }
    }

    private static IEnumerable<(int[], bool)> Shrink((int[] Codes, bool AnswerAtOnce) run)
    {
        var codes = run.Codes;
        if (codes.Length > 1)
        {
            yield return (codes[..(codes.Length / 2)], run.AnswerAtOnce);
            yield return (codes[(codes.Length / 2)..], run.AnswerAtOnce);
        }

        for (var i = 0; i < codes.Length; i++)
        {
            yield return ([.. codes[..i], .. codes[(i + 1)..]], run.AnswerAtOnce);
        }
    }

    private static bool Play(int[] codes, bool answerAtOnce, Dictionary<string, int> coverage)
    {
        var options = new TurnTakingOptions { MaxCallDuration = TimeSpan.FromMinutes(2) };
        using var harness = new TurnHarness(options);
        var checker = new CommandChecker();
        var unanswered = new List<int>();
        var scanned = 0;
        harness.Send(new CallStarted(harness.Now, "Hi, how can I help?", text => text.Contains("yes", StringComparison.Ordinal), DigitsComplete: KeyedAnswer));

        void Pump()
        {
            while (scanned < harness.Log.Count)
            {
                var command = harness.Log[scanned++];
                checker.Observe(command);
                Count(coverage, command);
                if (command is RunDecision decision)
                {
                    if (answerAtOnce)
                    {
                        Answer(harness, decision.TurnId);
                    }
                    else
                    {
                        unanswered.Add(decision.TurnId);
                    }
                }
            }
        }

        Pump();
        foreach (var code in codes)
        {
            var kind = code % EventKinds;
            var argument = code / EventKinds;
            var now = harness.Now;
            var active = checker.Active ?? argument % 50;
            switch (kind)
            {
                case 0: harness.Send(new SpeechStarted(now)); break;
                case 1: harness.Send(new SpeechStopped(now)); break;
                case 2: harness.Send(new VadFrame(now, argument % 2 == 0)); break;
                case 3: harness.Send(new TranscriptPartial(now, RecognitionId(harness, argument), Utterances[argument % Utterances.Length])); break;
                case 4: harness.Send(new TranscriptFinal(now, RecognitionId(harness, argument), Utterances[argument % Utterances.Length])); break;
                case 5: harness.Send(new DtmfDigit(now, Keys[argument % Keys.Length])); break;
                case 6: harness.AdvanceMs(argument % 8000); break;
                case 7:
                    if (unanswered.Count > 0)
                    {
                        Answer(harness, unanswered[0]);
                        unanswered.RemoveAt(0);
                    }

                    break;
                case 8: harness.Send(new ResponseFirstToken(now, unanswered.Count > 0 ? unanswered[^1] : argument % 50)); break;
                case 9: harness.Send(argument % 2 == 0 ? new TtsChunk(now, active) : new FirstPacketSent(now, active)); break;
                case 10: harness.Send(new PlayoutMark(now, active, argument % 80)); break;
                case 11: harness.Send(new PlayoutFinished(now, active)); break;
                case 12: harness.Send(new BargeIn(now)); break;
                case 13: harness.Send(new TransferCompleted(now, Outcomes[argument % Outcomes.Length])); break;
                case 14 when argument % 10 == 0:
                    harness.RestoreFrom(JsonSerializer.Deserialize<TurnTakingSnapshot>(JsonSerializer.Serialize(harness.Machine.Snapshot()))!);
                    harness.Send(new Resume(now, DigitsComplete: KeyedAnswer));
                    break;
                case 15 when argument % 64 == 0: harness.Send(new CallerHungUp(now)); break;
                case 17:
                    // A whole utterance, so that scripts get deep into conversations and not only into noise.
                    harness.Send(new SpeechStarted(now));
                    harness.Send(new TranscriptPartial(now, harness.LastRecognitionIdOrZero(), Utterances[2 + (argument % (Utterances.Length - 2))]));
                    harness.AdvanceMs(argument % 900);
                    harness.Send(new SpeechStopped(harness.Now));
                    break;
                default: harness.AdvanceMs(argument % 300); break;
            }

            Pump();
        }

        // Answered or timed out, every caller turn got an agent turn (response or fallback) before the next one.
        Assert.Equal(0, harness.Machine.Counters.AgentDisappeared);
        return true;
    }

    private static void Count(Dictionary<string, int> coverage, TurnCommand command)
    {
        var path = command switch
        {
            Speak { Kind: SpeechKind.Fallback } => "Fallback",
            Speak { Kind: SpeechKind.Reprompt } => "Reprompt",
            Speak { Kind: SpeechKind.Resume } => "Resume",
            ClearPlayout => "Barge-in",
            ResumePlayout or CancelRecognition => "FalseInterruption",
            RecordTurnLatency { Latency.Outcome: TurnOutcome.Superseded } => "Superseded",
            _ => command.GetType().Name,
        };
        coverage[path] = coverage.GetValueOrDefault(path) + 1;
    }

    private static int RecognitionId(TurnHarness harness, int argument) =>
        argument % 5 == 0 ? -argument : harness.LastRecognitionIdOrZero();

    private static void Answer(TurnHarness harness, int turnId)
    {
        var then = (turnId % 9) switch
        {
            0 => AfterSpeaking.EndCall,
            1 or 2 => AfterSpeaking.Transfer,
            _ => AfterSpeaking.Listen,
        };
        harness.Send(new DecisionCompleted(harness.Now, turnId));
        harness.Send(new ResponseReady(harness.Now, turnId, $"Answer to turn {turnId}.", then, text => text.Contains("yes", StringComparison.Ordinal), DigitsComplete: KeyedAnswer));
    }

    /// <summary>Checks the command stream: one agent turn at a time, never dead text, nothing after the call finished.</summary>
    private sealed class CommandChecker
    {
        private bool _finished;

        public int? Active { get; private set; }

        public void Observe(TurnCommand command)
        {
            Assert.False(_finished, $"{command} after the call finished");
            switch (command)
            {
                case Speak speak:
                    Assert.True(Active is null, $"Speak for turn {speak.TurnId} while turn {Active} is still playing");
                    Assert.False(string.IsNullOrWhiteSpace(speak.Text), $"Speak for turn {speak.TurnId} has no text");
                    Active = speak.TurnId;
                    break;
                case ClearPlayout clear when clear.TurnId == Active:
                    Active = null;
                    break;
                case CommitAgentTurn commit when commit.TurnId == Active:
                    Active = null;
                    break;
                case CallFinished:
                    _finished = true;
                    Active = null;
                    break;
            }
        }
    }
}
