using System.Globalization;
using CallCluster.Agent.Graph;

namespace CallCluster.Agent.Slots;

/// <summary>
/// Extracts a typed slot value from what the caller said or typed. Values come out canonical:
/// digits as a digit string, numbers invariant, dates as yyyy-MM-dd, times as HH:mm, yes/no as
/// "yes"/"no", enumerations as the value's name. Dates are resolved against <see cref="TimeProvider"/>.
/// </summary>
public sealed class SlotExtractor(TimeProvider time)
{
    private static readonly string[] Yes = ["yes", "yeah", "yep", "yup", "correct", "right", "sure", "ok", "okay", "affirmative", "please do", "that's right", "go ahead"];
    private static readonly string[] No = ["no", "nope", "nah", "not", "don't", "negative", "wrong", "incorrect"];

    public string? Extract(SlotDefinition slot, string text)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(text);
        var tokens = TextNormalizer.Tokens(text);
        return slot.Kind switch
        {
            SlotKind.Digits => Digits(slot, tokens),
            SlotKind.Number => Number(slot, tokens),
            SlotKind.Date => DateParser.Parse(tokens, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime))?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
            SlotKind.Time => TimeParser.Parse(tokens)?.ToString("HH:mm", CultureInfo.InvariantCulture),
            SlotKind.YesNo => YesNo(tokens),
            SlotKind.Enumeration => Enumeration(slot, tokens),
            _ => tokens.Count > 0 ? text.Trim() : null,
        };
    }

    /// <summary>A keypad entry for a slot: digits (without the terminating #) for digit and number slots, 1/2 for yes/no.</summary>
    public static string? ExtractDtmf(SlotDefinition slot, string digits)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(digits);
        var value = digits.TrimEnd('#');
        if (value.Length == 0 || !value.All(char.IsAsciiDigit))
        {
            return null;
        }

        return slot.Kind switch
        {
            SlotKind.Digits => FitsLength(slot, value) ? value : null,
            SlotKind.Number => Number(slot, [value]),
            SlotKind.YesNo => value switch { "1" => "yes", "2" => "no", _ => null },
            _ => null,
        };
    }

    /// <summary>
    /// True when a longer keypad entry that begins with <paramref name="digits"/> (no terminator) could still fill the
    /// slot, so the caller may not be done: a digit slot takes keys up to its maximum length, a number up to its maximum
    /// value, and yes/no is a single key. The counterpart of <see cref="ExtractDtmf"/>, which says whether the keys so
    /// far fill it.
    /// </summary>
    public static bool DtmfCanGrow(SlotDefinition slot, string digits)
    {
        ArgumentNullException.ThrowIfNull(slot);
        ArgumentNullException.ThrowIfNull(digits);
        if (!digits.All(char.IsAsciiDigit))
        {
            return false;
        }

        return slot.Kind switch
        {
            SlotKind.Digits => digits.Length < (slot.MaxLength ?? int.MaxValue),
            // The smallest longer entry appends a 0: it fits when ten times the value so far stays within the maximum.
            SlotKind.Number => slot.Maximum is not { } max || digits.Length == 0
                || double.Parse(digits, NumberStyles.None, CultureInfo.InvariantCulture) * 10 <= max,
            SlotKind.YesNo => digits.Length == 0,
            _ => false,
        };
    }

    private static string? Digits(SlotDefinition slot, IReadOnlyList<string> tokens)
    {
        var runs = SpokenNumbers.DigitRuns(tokens);
        var fitting = runs.Where(r => FitsLength(slot, r)).ToList();
        if (fitting.Count > 0)
        {
            return fitting[^1];
        }

        // Callers pause inside long numbers ("one two three, four five six"): try the runs joined.
        var joined = string.Concat(runs);
        return runs.Count > 1 && FitsLength(slot, joined) ? joined : null;
    }

    private static bool FitsLength(SlotDefinition slot, string value) =>
        value.Length >= (slot.MinLength ?? 1) && value.Length <= (slot.MaxLength ?? int.MaxValue);

    private static string? Number(SlotDefinition slot, IReadOnlyList<string> tokens)
    {
        if (SpokenNumbers.Number(tokens) is not { } value)
        {
            return null;
        }

        if ((slot.Minimum is { } min && value < min) || (slot.Maximum is { } max && value > max))
        {
            return null;
        }

        return value.ToString(CultureInfo.InvariantCulture);
    }

    private static string? YesNo(IReadOnlyList<string> tokens)
    {
        var text = " " + string.Join(' ', tokens) + " ";
        var no = No.Any(w => text.Contains($" {w} ", StringComparison.Ordinal));
        var yes = Yes.Any(w => text.Contains($" {w} ", StringComparison.Ordinal));
        return (yes, no) switch
        {
            (_, true) => "no",
            (true, false) => "yes",
            _ => null,
        };
    }

    private static string? Enumeration(SlotDefinition slot, IReadOnlyList<string> tokens)
    {
        var text = " " + string.Join(' ', tokens) + " ";
        foreach (var (value, synonyms) in slot.Values ?? new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal))
        {
            if (synonyms.Any(s => text.Contains(" " + TextNormalizer.Normalize(s) + " ", StringComparison.Ordinal)))
            {
                return value;
            }
        }

        return null;
    }
}
