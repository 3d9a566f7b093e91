namespace CallCluster.Speech.Grammar;

/// <summary>
/// Reads slot values out of a transcript in the words the slot grammars produce: digit strings ("four five one two" →
/// "4512"), cardinal numbers ("one hundred and twelve" → 112) and yes/no. Pure functions, for the decision layer.
/// </summary>
public static class SlotValues
{
    private static readonly Dictionary<string, int> Digits = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["oh"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4,
        ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
    };

    private static readonly Dictionary<string, int> Small = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7,
        ["eight"] = 8, ["nine"] = 9, ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14,
        ["fifteen"] = 15, ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["twenty"] = 20,
        ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    private static readonly HashSet<string> Affirmative = new(StringComparer.Ordinal) { "yes", "yeah", "yep", "sure", "correct", "that's right", "of course" };
    private static readonly HashSet<string> Negative = new(StringComparer.Ordinal) { "no", "nope", "not really", "that's wrong" };

    /// <summary>The longest run of spoken digits, as a digit string; null when there is none.</summary>
    public static string? ParseDigits(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        string? best = null;
        var run = new System.Text.StringBuilder();
        foreach (var word in Words(transcript).Append(""))
        {
            if (Digits.TryGetValue(word, out var digit))
            {
                run.Append((char)('0' + digit));
                continue;
            }

            if (run.Length > (best?.Length ?? 0))
            {
                best = run.ToString();
            }

            run.Clear();
        }

        return best;
    }

    /// <summary>The first cardinal number (0 to 99 999) spoken in words; null when there is none.</summary>
    public static int? ParseNumber(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        int? total = null;
        var current = 0;
        foreach (var word in Words(transcript))
        {
            if (Small.TryGetValue(word, out var value))
            {
                current += value;
                total ??= 0;
            }
            else if (word == "hundred" && total is not null)
            {
                current *= 100;
            }
            else if (word == "thousand" && total is not null)
            {
                total += current * 1000;
                current = 0;
            }
            else if (word == "and" && total is not null)
            {
                continue;
            }
            else if (total is not null)
            {
                break;
            }
        }

        return total + current;
    }

    /// <summary>True for an agreement, false for a refusal, null when the transcript is neither.</summary>
    public static bool? ParseYesNo(string transcript)
    {
        ArgumentNullException.ThrowIfNull(transcript);
        var text = string.Join(' ', Words(transcript));
        return Affirmative.Contains(text) ? true : Negative.Contains(text) ? false : null;
    }

    private static IEnumerable<string> Words(string transcript) =>
        transcript.ToLowerInvariant().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}
