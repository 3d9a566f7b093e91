namespace CallCluster.Load.Calls;

/// <summary>What a <see cref="ScriptedCaller"/> does on one call, in order. After the last turn the caller listens to the agent's answer and hangs up.</summary>
public sealed class CallScript
{
    public CallScript(IEnumerable<CallerTurn> turns)
    {
        ArgumentNullException.ThrowIfNull(turns);
        Turns = [.. turns];
        if (Turns.Count == 0)
        {
            throw new ArgumentException("A call script needs at least one turn.", nameof(turns));
        }

        var hangUp = Turns.ToList().FindIndex(t => t.Kind == CallerTurnKind.HangUp);
        if (hangUp >= 0 && hangUp != Turns.Count - 1)
        {
            throw new ArgumentException($"Turn {hangUp + 1} hangs up, so the {Turns.Count - hangUp - 1} turn(s) after it could never run.", nameof(turns));
        }
    }

    public IReadOnlyList<CallerTurn> Turns { get; }
}
