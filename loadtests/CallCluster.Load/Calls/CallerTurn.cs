namespace CallCluster.Load.Calls;

/// <summary>
/// One step of a <see cref="CallScript"/>. A turn normally starts once the agent has finished its turn (a silence gap
/// after its speech); with <see cref="BargeInAfter"/> it starts that long into the agent's speech instead.
/// </summary>
public sealed record CallerTurn
{
    private CallerTurn(CallerTurnKind kind, string text, TimeSpan? bargeInAfter, TimeSpan? silence)
    {
        Kind = kind;
        Text = text;
        BargeInAfter = bargeInAfter;
        Silence = silence;
    }

    public CallerTurnKind Kind { get; }

    /// <summary>The line to say (<see cref="CallerTurnKind.Say"/>) or the digits to press (<see cref="CallerTurnKind.Dtmf"/>); empty otherwise.</summary>
    public string Text { get; }

    /// <summary>When set, the turn starts this long after the agent starts speaking rather than after it stops (barge-in).</summary>
    public TimeSpan? BargeInAfter { get; }

    /// <summary>For <see cref="CallerTurnKind.Silence"/>: how long the agent has to speak up before the next turn.</summary>
    public TimeSpan? Silence { get; }

    /// <summary>Speak <paramref name="text"/>; with <paramref name="bargeInAfter"/>, interrupt the agent that long into its turn.</summary>
    public static CallerTurn Say(string text, TimeSpan? bargeInAfter = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(text);
        if (bargeInAfter < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(bargeInAfter), bargeInAfter, "A barge-in delay cannot be negative.");
        }

        return new CallerTurn(CallerTurnKind.Say, text.Trim(), bargeInAfter, null);
    }

    /// <summary>Press <paramref name="digits"/> (0–9, *, #, A–D).</summary>
    /// <exception cref="ArgumentException">A character is not a DTMF digit.</exception>
    public static CallerTurn Dtmf(string digits)
    {
        ArgumentException.ThrowIfNullOrEmpty(digits);
        foreach (var digit in digits)
        {
            if (!IsDtmfDigit(digit))
            {
                throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D) in '{digits}'.", nameof(digits));
            }
        }

        return new CallerTurn(CallerTurnKind.Dtmf, digits.ToUpperInvariant(), null, null);
    }

    /// <summary>Say nothing and give the agent <paramref name="duration"/> to speak up (a no-input reprompt) before going on.</summary>
    public static CallerTurn SilenceFor(TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(duration, TimeSpan.Zero);
        return new CallerTurn(CallerTurnKind.Silence, string.Empty, null, duration);
    }

    /// <summary>Hang up once the agent's turn is over, or <paramref name="bargeInAfter"/> into it.</summary>
    public static CallerTurn HangUp(TimeSpan? bargeInAfter = null) => new(CallerTurnKind.HangUp, string.Empty, bargeInAfter, null);

    public override string ToString() => Kind switch
    {
        CallerTurnKind.Say => BargeInAfter is { } b ? $"say (barge-in {b.TotalMilliseconds:0} ms) \"{Text}\"" : $"say \"{Text}\"",
        CallerTurnKind.Dtmf => $"dtmf {Text}",
        CallerTurnKind.Silence => $"silence {Silence!.Value.TotalMilliseconds:0} ms",
        _ => "hang up",
    };

    private static bool IsDtmfDigit(char c) => c is (>= '0' and <= '9') or '*' or '#' or (>= 'A' and <= 'D') or (>= 'a' and <= 'd');
}
