using System.Globalization;

namespace CallCluster.Agent.Slots;

/// <summary>
/// Spoken dates: "today", "tomorrow", "the day after tomorrow", "monday" / "next monday" (the next one
/// after today), "march fifth", "the 5th of march", "2026-03-05", "3/5". A month and day already past
/// this year mean next year.
/// </summary>
internal static class DateParser
{
    private static readonly string[] Months = ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october", "november", "december"];
    private static readonly string[] Ordinals =
    [
        "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth", "eleventh", "twelfth", "thirteenth",
        "fourteenth", "fifteenth", "sixteenth", "seventeenth", "eighteenth", "nineteenth", "twentieth",
    ];

    public static DateOnly? Parse(IReadOnlyList<string> tokens, DateOnly today)
    {
        var text = " " + string.Join(' ', tokens) + " ";
        if (text.Contains(" day after tomorrow ", StringComparison.Ordinal))
        {
            return today.AddDays(2);
        }

        if (text.Contains(" tomorrow ", StringComparison.Ordinal))
        {
            return today.AddDays(1);
        }

        if (text.Contains(" today ", StringComparison.Ordinal))
        {
            return today;
        }

        foreach (var token in tokens)
        {
            if (DateOnly.TryParseExact(token, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var iso))
            {
                return iso;
            }
        }

        for (var d = 0; d < 7; d++)
        {
            var day = (DayOfWeek)d;
            if (tokens.Contains(day.ToString().ToLowerInvariant(), StringComparer.Ordinal))
            {
                var ahead = ((int)day - (int)today.DayOfWeek + 7) % 7;
                return today.AddDays(ahead == 0 ? 7 : ahead);
            }
        }

        for (var i = 0; i < tokens.Count; i++)
        {
            var month = MonthIndex(tokens[i]);
            if (month < 0)
            {
                continue;
            }

            var day = DayAt(tokens, i + 1) ?? DayBefore(tokens, i);
            if (day is { } dayOfMonth && dayOfMonth <= DateTime.DaysInMonth(today.Year, month + 1))
            {
                var date = new DateOnly(today.Year, month + 1, dayOfMonth);
                return date < today ? date.AddYears(1) : date;
            }
        }

        return null;
    }

    private static int MonthIndex(string token) =>
        Array.FindIndex(Months, m => m == token || (token.Length == 3 && m[..3] == token));

    private static int? DayAt(IReadOnlyList<string> tokens, int i)
    {
        if (i < tokens.Count && tokens[i] == "the")
        {
            i++;
        }

        return i < tokens.Count ? Day(tokens, i) : null;
    }

    private static int? DayBefore(IReadOnlyList<string> tokens, int monthIndex)
    {
        var i = monthIndex - 1;
        if (i >= 0 && tokens[i] == "of")
        {
            i--;
        }

        if (i < 0)
        {
            return null;
        }

        // "twenty first of march": the compound starts one token earlier.
        if (i >= 1 && tokens[i - 1] is "twenty" or "thirty" && Day(tokens, i - 1) is { } compound)
        {
            return compound;
        }

        return Day(tokens, i);
    }

    private static int? Day(IReadOnlyList<string> tokens, int i)
    {
        var token = tokens[i];
        var digits = new string(token.TakeWhile(char.IsAsciiDigit).ToArray());
        if (digits.Length > 0)
        {
            var value = int.Parse(digits, CultureInfo.InvariantCulture);
            return value is >= 1 and <= 31 ? value : null;
        }

        var ordinal = Array.IndexOf(Ordinals, token);
        if (ordinal >= 0)
        {
            return ordinal + 1;
        }

        if (token is "twenty" or "thirty" && i + 1 < tokens.Count)
        {
            var unit = Array.IndexOf(Ordinals, tokens[i + 1]);
            var baseValue = token == "twenty" ? 20 : 30;
            if (unit is >= 0 and < 9 && baseValue + unit + 1 <= 31)
            {
                return baseValue + unit + 1;
            }
        }

        return token == "thirtieth" ? 30 : token == "thirty-first" ? 31 : null;
    }
}
