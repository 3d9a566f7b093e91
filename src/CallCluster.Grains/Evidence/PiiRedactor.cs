using System.Text.RegularExpressions;

namespace CallCluster.Grains.Evidence;

/// <summary>
/// Masks what identifies a caller before it is written anywhere: runs of four or more digits (phone, order, card
/// and zip numbers, typed or spoken as words) and any value the call marked sensitive (a verified name).
/// </summary>
public sealed partial class PiiRedactor
{
    private const string Mask = "[redacted]";
    private readonly List<string> _sensitive = [];

    /// <summary>Adds a value (a name from an identity check) to mask wherever it appears.</summary>
    public void AddSensitive(string? value)
    {
        if (!string.IsNullOrWhiteSpace(value) && value.Length >= 2 && !_sensitive.Contains(value, StringComparer.OrdinalIgnoreCase))
        {
            _sensitive.Add(value);
        }
    }

    /// <summary>The text with every digit run and sensitive value masked.</summary>
    public string Redact(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var result = DigitRun().Replace(text, Mask);
        result = SpokenDigitRun().Replace(result, Mask);
        foreach (var value in _sensitive)
        {
            result = result.Replace(value, Mask, StringComparison.OrdinalIgnoreCase);
        }

        return result;
    }

    /// <summary>Every value redacted.</summary>
    public IReadOnlyDictionary<string, string> Redact(IReadOnlyDictionary<string, string> values) =>
        values.ToDictionary(kv => kv.Key, kv => Redact(kv.Value), StringComparer.Ordinal);

    // Four or more digits, allowing the separators people and systems put in phone and card numbers.
    [GeneratedRegex(@"\+?\d(?:[\s\-().]*\d){3,}", RegexOptions.None, matchTimeoutMilliseconds: 1000)]
    private static partial Regex DigitRun();

    [GeneratedRegex(@"\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine)\b[\s,\-]*){4,}", RegexOptions.IgnoreCase, matchTimeoutMilliseconds: 1000)]
    private static partial Regex SpokenDigitRun();
}
