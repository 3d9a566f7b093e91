using System.Diagnostics.Metrics;

namespace CallCluster.Agent.TurnTaking;

/// <summary>
/// The turn-taking instruments on the <c>CallCluster.Agent.TurnTaking</c> meter. One instance serves every call
/// of a silo; latencies are histograms in milliseconds, so percentiles come from the exporter.
/// </summary>
public sealed class TurnTakingMetrics : IDisposable
{
    /// <summary>The meter's name.</summary>
    public const string MeterName = "CallCluster.Agent.TurnTaking";

    private readonly bool _ownsMeter;
    private readonly Counter<long> _bargeIns;
    private readonly Counter<long> _falseInterruptions;
    private readonly Counter<long> _reprompts;
    private readonly Counter<long> _fallbacks;
    private readonly Counter<long> _agentDisappeared;
    private readonly Histogram<double> _endOfUtterance;
    private readonly Histogram<double> _sttFinal;
    private readonly Histogram<double> _decision;
    private readonly Histogram<double> _llmFirstToken;
    private readonly Histogram<double> _ttsFirstByte;
    private readonly Histogram<double> _firstPacketOut;
    private readonly Histogram<double> _endToEnd;

    /// <summary>Creates the instruments on a meter from <paramref name="meterFactory"/>, or on a meter of its own when null.</summary>
    public TurnTakingMetrics(IMeterFactory? meterFactory = null)
    {
        _ownsMeter = meterFactory is null;
        Meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _bargeIns = Meter.CreateCounter<long>("callcluster.turntaking.barge_ins", description: "Caller interruptions that cut the agent off.");
        _falseInterruptions = Meter.CreateCounter<long>("callcluster.turntaking.false_interruptions", description: "Caller sounds during agent activity that did not interrupt.");
        _reprompts = Meter.CreateCounter<long>("callcluster.turntaking.reprompts", description: "Questions asked again after silence.");
        _fallbacks = Meter.CreateCounter<long>("callcluster.turntaking.fallbacks", description: "Fallback lines played after a decision or response timeout.");
        _agentDisappeared = Meter.CreateCounter<long>("callcluster.turntaking.agent_disappeared", description: "Caller turns completed twice with no agent turn between; must stay 0.");
        _endOfUtterance = Latency("end_of_utterance", "Caller speech stop to end of turn.");
        _sttFinal = Latency("stt_final", "Caller speech stop to final transcript.");
        _decision = Latency("decision", "Decision requested to decision completed.");
        _llmFirstToken = Latency("llm_first_token", "Decision completed to first response token.");
        _ttsFirstByte = Latency("tts_first_byte", "Speak to first TTS audio.");
        _firstPacketOut = Latency("first_packet_out", "Speak to first packet sent.");
        _endToEnd = Latency("end_to_end", "Caller speech stop to first packet sent.");
    }

    /// <summary>The meter the instruments live on.</summary>
    public Meter Meter { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsMeter)
        {
            Meter.Dispose();
        }
    }

    internal void BargeIn() => _bargeIns.Add(1);

    internal void FalseInterruption() => _falseInterruptions.Add(1);

    internal void Reprompt() => _reprompts.Add(1);

    internal void Fallback() => _fallbacks.Add(1);

    internal void AgentDisappeared() => _agentDisappeared.Add(1);

    internal void Record(TurnLatency latency)
    {
        Record(_endOfUtterance, latency.EndOfUtterance);
        Record(_sttFinal, latency.SttFinal);
        Record(_decision, latency.Decision);
        Record(_llmFirstToken, latency.LlmFirstToken);
        Record(_ttsFirstByte, latency.TtsFirstByte);
        Record(_firstPacketOut, latency.FirstPacketOut);
        Record(_endToEnd, latency.EndToEnd);
    }

    private static void Record(Histogram<double> histogram, TimeSpan? value)
    {
        if (value is { } v)
        {
            histogram.Record(v.TotalMilliseconds);
        }
    }

    private Histogram<double> Latency(string stage, string description) =>
        Meter.CreateHistogram<double>($"callcluster.turntaking.latency.{stage}", unit: "ms", description: description);
}
