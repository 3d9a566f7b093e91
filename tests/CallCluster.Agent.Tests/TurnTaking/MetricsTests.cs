using System.Diagnostics.Metrics;
using CallCluster.Agent.TurnTaking;

namespace CallCluster.Agent.Tests.TurnTaking;

public sealed class MetricsTests
{
    [Fact]
    public void Counters_and_latencies_are_published_on_the_turn_taking_meter()
    {
        using var harness = new TurnHarness();
        var measurements = new List<(string Name, double Value)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            // Only this harness's meter: other tests run in parallel with meters of the same name.
            if (ReferenceEquals(instrument.Meter, harness.Metrics.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.SetMeasurementEventCallback<double>((instrument, value, _, _) => measurements.Add((instrument.Name, value)));
        listener.Start();

        harness.StartListening();
        var decision = harness.CallerSays("balance");
        harness.AdvanceMs(250);
        harness.Send(new DecisionCompleted(harness.Now, decision.TurnId));
        var speak = harness.Send(new ResponseReady(harness.Now, decision.TurnId, "It is 42 dollars.")).OfType<Speak>().Single();
        harness.SpeechStart();
        harness.Partial("thanks");
        harness.AdvanceMs(300);

        Assert.Equal(TurnTakingMetrics.MeterName, harness.Metrics.Meter.Name);
        Assert.Contains(("callcluster.turntaking.barge_ins", 1d), measurements);
        Assert.Contains(("callcluster.turntaking.latency.decision", 250d), measurements);
        Assert.Contains(("callcluster.turntaking.latency.end_of_utterance", 500d), measurements);
        Assert.DoesNotContain(measurements, m => m.Name == "callcluster.turntaking.agent_disappeared");
        Assert.Contains(harness.Log, c => c is ClearPlayout clear && clear.TurnId == speak.TurnId);
    }
}
