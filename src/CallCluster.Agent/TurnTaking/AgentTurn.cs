namespace CallCluster.Agent.TurnTaking;

/// <summary>The agent utterance being played, and how much of it the caller has heard.</summary>
internal sealed class AgentTurn(int turnId, string text, SpeechKind kind, AfterSpeaking then)
{
    public int TurnId { get; } = turnId;

    public string Text { get; } = text;

    public SpeechKind Kind { get; } = kind;

    public AfterSpeaking Then { get; } = then;

    /// <summary>Characters of <see cref="Text"/> played out, from the edge's marks.</summary>
    public int HeardOffset { get; private set; }

    public bool Paused { get; set; }

    /// <summary>The edge or TTS reported audio for this turn.</summary>
    public bool AudioStarted { get; set; }

    public string HeardText => Text[..HeardOffset];

    public void MarkHeard(int offset) => HeardOffset = Math.Max(HeardOffset, Math.Clamp(offset, 0, Text.Length));

    public AgentTurnSnapshot ToSnapshot() => new(TurnId, Text, Kind, HeardOffset, Then);

    public static AgentTurn FromSnapshot(AgentTurnSnapshot snapshot)
    {
        var turn = new AgentTurn(snapshot.TurnId, snapshot.Text, snapshot.Kind, snapshot.Then);
        turn.MarkHeard(snapshot.HeardOffset);
        return turn;
    }
}
