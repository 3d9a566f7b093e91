using CallCluster.Agent.TurnTaking;
using CallCluster.Testing;

namespace CallCluster.Agent.Tests.TurnTaking;

/// <summary>
/// Drives a <see cref="TurnTakingMachine"/> on a <see cref="ManualTimeProvider"/> the way the call grain does:
/// events in, commands logged, and due timers fed straight back in (the grain posts them to its own turn).
/// </summary>
internal sealed class TurnHarness : IDisposable
{
    public TurnHarness(TurnTakingOptions? options = null, ManualTimeProvider? time = null)
    {
        Options = options ?? new TurnTakingOptions();
        Time = time ?? new ManualTimeProvider();
        Machine = new TurnTakingMachine(Options, Time, Deliver, Metrics);
    }

    public TurnTakingOptions Options { get; }

    public ManualTimeProvider Time { get; }

    public TurnTakingMetrics Metrics { get; } = new();

    public TurnTakingMachine Machine { get; private set; }

    public List<TurnCommand> Log { get; } = [];

    public DateTimeOffset Now => Time.GetUtcNow();

    public TurnState State => Machine.State;

    public IReadOnlyList<TurnCommand> Send(TurnEvent turnEvent)
    {
        var commands = Machine.Handle(turnEvent);
        Log.AddRange(commands);
        return commands;
    }

    /// <summary>Moves the clock; returns the commands the timers that fell due produced.</summary>
    public IReadOnlyList<TurnCommand> Advance(TimeSpan delta)
    {
        var before = Log.Count;
        Time.Advance(delta);
        return Log.Skip(before).ToList();
    }

    public IReadOnlyList<TurnCommand> AdvanceMs(int milliseconds) => Advance(TimeSpan.FromMilliseconds(milliseconds));

    /// <summary>Replaces the machine with one restored from <paramref name="snapshot"/>, as a new activation would.</summary>
    public void RestoreFrom(TurnTakingSnapshot snapshot)
    {
        Machine.Dispose();
        Machine = TurnTakingMachine.Restore(snapshot, Options, Time, Deliver, Metrics);
    }

    // ---- shorthands for a call's usual events ----

    public int StartCall(string greeting = "Hi, this is the billing line. How can I help?", Predicate<string>? completes = null)
    {
        var speak = Send(new CallStarted(Now, greeting, completes)).OfType<Speak>().Single();
        return speak.TurnId;
    }

    /// <summary>Starts the call and plays the greeting out, leaving the machine listening.</summary>
    public void StartListening(Predicate<string>? completes = null)
    {
        var greeting = StartCall(completes: completes);
        Send(new PlayoutFinished(Now, greeting));
    }

    public int SpeechStart()
    {
        var commands = Send(new SpeechStarted(Now));
        return commands.OfType<StartRecognition>().LastOrDefault()?.RecognitionId ?? LastRecognitionId;
    }

    public int LastRecognitionId => Log.OfType<StartRecognition>().Last().RecognitionId;

    public int LastRecognitionIdOrZero() => Log.OfType<StartRecognition>().LastOrDefault()?.RecognitionId ?? 0;

    public IReadOnlyList<TurnCommand> SpeechStop() => Send(new SpeechStopped(Now));

    public IReadOnlyList<TurnCommand> Partial(string text) => Send(new TranscriptPartial(Now, LastRecognitionId, text));

    public IReadOnlyList<TurnCommand> Final(string text) => Send(new TranscriptFinal(Now, LastRecognitionId, text));

    /// <summary>The caller says <paramref name="text"/> and the turn ends normally (min silence, then the final).</summary>
    public RunDecision CallerSays(string text)
    {
        SpeechStart();
        Partial(text);
        AdvanceMs(600);
        SpeechStop();
        Advance(Options.MinEndpointingDelay);
        Final(text);
        return Log.OfType<RunDecision>().Last();
    }

    /// <summary>Answers the last decision with <paramref name="text"/>; returns the Speak.</summary>
    public Speak Respond(string text, AfterSpeaking then = AfterSpeaking.Listen, Predicate<string>? completes = null)
    {
        var decision = Log.OfType<RunDecision>().Last();
        Send(new DecisionCompleted(Now, decision.TurnId));
        return Send(new ResponseReady(Now, decision.TurnId, text, then, completes)).OfType<Speak>().Single();
    }

    public void Dispose()
    {
        Machine.Dispose();
        Metrics.Dispose();
    }

    private void Deliver(TimerElapsed elapsed) => Send(elapsed);
}
