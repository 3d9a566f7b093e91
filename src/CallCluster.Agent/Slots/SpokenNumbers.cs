using System.Globalization;
using System.Text;

namespace CallCluster.Agent.Slots;

/// <summary>
/// Turns spoken numbers into digits: "one two three" → "123", "oh" → 0 inside a digit run,
/// "double five" → "55", "twenty five" → "25", "two hundred and five" → "205".
/// </summary>
public static class SpokenNumbers
{
    private static readonly Dictionary<string, int> Units = new(StringComparer.Ordinal)
    {
        ["zero"] = 0, ["oh"] = 0, ["o"] = 0, ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["for"] = 4,
        ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
    };

    private static readonly Dictionary<string, int> Teens = new(StringComparer.Ordinal)
    {
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15,
        ["sixteen"] = 16, ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19,
    };

    private static readonly Dictionary<string, int> Tens = new(StringComparer.Ordinal)
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    };

    /// <summary>Each run of consecutive number words or digits, as a digit string, in order.</summary>
    public static IReadOnlyList<string> DigitRuns(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        var runs = new List<string>();
        var run = new StringBuilder();
        var repeat = 1;
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (IsAmbiguousWord(token, tokens, i))
            {
                Flush(run, runs);
                continue;
            }

            if (token is "double" or "triple" && i + 1 < tokens.Count && Units.ContainsKey(tokens[i + 1]))
            {
                repeat = token == "double" ? 2 : 3;
                continue;
            }

            if (token.All(char.IsAsciiDigit))
            {
                run.Append(token);
            }
            else if (Units.TryGetValue(token, out var unit))
            {
                run.Append(unit.ToString(CultureInfo.InvariantCulture)[0], repeat);
            }
            else if (Teens.TryGetValue(token, out var teen))
            {
                run.Append(teen.ToString(CultureInfo.InvariantCulture));
            }
            else if (Tens.TryGetValue(token, out var ten))
            {
                if (i + 1 < tokens.Count && Units.TryGetValue(tokens[i + 1], out var next) && next > 0 && tokens[i + 1] is not ("o" or "oh"))
                {
                    run.Append((ten + next).ToString(CultureInfo.InvariantCulture));
                    i++;
                }
                else
                {
                    run.Append(ten.ToString(CultureInfo.InvariantCulture));
                }
            }
            else if (token is "hundred" && run.Length > 0)
            {
                run.Append("00");
            }
            else if (token is "and" or "dash" or "hyphen" && run.Length > 0)
            {
                continue;
            }
            else
            {
                Flush(run, runs);
            }

            repeat = 1;
        }

        Flush(run, runs);
        return runs;
    }

    /// <summary>A whole number said in words or digits ("two hundred and five", "1,200"), or null.</summary>
    public static long? Number(IReadOnlyList<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        long total = 0, current = 0;
        var any = false;
        foreach (var token in tokens)
        {
            if (long.TryParse(token, NumberStyles.Integer, CultureInfo.InvariantCulture, out var literal))
            {
                current += literal;
                any = true;
            }
            else if (Units.TryGetValue(token, out var unit) && token is not ("o" or "for"))
            {
                current += unit;
                any = true;
            }
            else if (Teens.TryGetValue(token, out var teen))
            {
                current += teen;
                any = true;
            }
            else if (Tens.TryGetValue(token, out var ten))
            {
                current += ten;
                any = true;
            }
            else if (token == "hundred" && any)
            {
                current = Math.Max(current, 1) * 100;
            }
            else if (token == "thousand" && any)
            {
                total += Math.Max(current, 1) * 1000;
                current = 0;
            }
            else if (token != "and" && any)
            {
                break;
            }
        }

        return any ? total + current : null;
    }

    private static bool IsAmbiguousWord(string token, IReadOnlyList<string> tokens, int i)
    {
        // "o" and "oh" are zero only between other digits; "for" is four only inside a digit run.
        if (token is not ("o" or "oh" or "for"))
        {
            return false;
        }

        var before = i > 0 && IsDigitWord(tokens[i - 1]);
        var after = i + 1 < tokens.Count && IsDigitWord(tokens[i + 1]);
        return token == "for" ? !(before && after) : !(before || after);
    }

    private static bool IsDigitWord(string token) =>
        token.All(char.IsAsciiDigit) || (Units.ContainsKey(token) && token is not ("o" or "oh" or "for")) || token is "double" or "triple";

    private static void Flush(StringBuilder run, List<string> runs)
    {
        if (run.Length > 0)
        {
            runs.Add(run.ToString());
            run.Clear();
        }
    }
}
