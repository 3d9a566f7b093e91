using System.Globalization;

namespace CallCluster.Agent.Slots;

/// <summary>
/// Spoken times: "3 pm", "3:30 pm", "15:00", "three thirty in the afternoon", "noon", "10 o'clock".
/// Without am/pm, an hour from 1 to 7 is taken as afternoon: callbacks are booked in business hours.
/// </summary>
internal static class TimeParser
{
    public static TimeOnly? Parse(IReadOnlyList<string> tokens)
    {
        var text = " " + string.Join(' ', tokens) + " ";
        if (text.Contains(" noon ", StringComparison.Ordinal) || text.Contains(" midday ", StringComparison.Ordinal))
        {
            return new TimeOnly(12, 0);
        }

        var pm = text.Contains(" pm ", StringComparison.Ordinal) || text.Contains(" p m ", StringComparison.Ordinal)
            || text.Contains(" afternoon ", StringComparison.Ordinal) || text.Contains(" evening ", StringComparison.Ordinal);
        var am = text.Contains(" am ", StringComparison.Ordinal) || text.Contains(" a m ", StringComparison.Ordinal) || text.Contains(" morning ", StringComparison.Ordinal);

        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            int hour, minute = 0;
            if (token.Contains(':', StringComparison.Ordinal))
            {
                var parts = token.Split(':');
                if (parts.Length != 2 || !int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out hour)
                    || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out minute))
                {
                    continue;
                }
            }
            else if (HourOf(token) is { } spoken && IsTimeContext(tokens, i, am || pm))
            {
                hour = spoken;
                if (i + 1 < tokens.Count && MinuteOf(tokens, i + 1) is { } m)
                {
                    minute = m;
                }
            }
            else
            {
                continue;
            }

            if (hour is < 0 or > 23 || minute is < 0 or > 59)
            {
                continue;
            }

            if (pm && hour < 12)
            {
                hour += 12;
            }
            else if (am && hour == 12)
            {
                hour = 0;
            }
            else if (!am && !pm && hour is >= 1 and <= 7)
            {
                hour += 12;
            }

            return new TimeOnly(hour, minute);
        }

        return null;
    }

    private static bool IsTimeContext(IReadOnlyList<string> tokens, int i, bool hasMeridiem) =>
        hasMeridiem
        || (i > 0 && tokens[i - 1] == "at")
        || (i + 1 < tokens.Count && tokens[i + 1] is "o'clock" or "oclock");

    private static int? HourOf(string token) =>
        int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value <= 23
            ? value
            : SpokenNumbers.Number([token]) is { } n && n is >= 1 and <= 12 && !token.All(char.IsAsciiDigit) ? (int)n : null;

    private static int? MinuteOf(IReadOnlyList<string> tokens, int i)
    {
        var token = tokens[i];
        if (int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var digits) && token.Length == 2)
        {
            return digits;
        }

        if (token is "fifteen" or "thirty" or "forty" or "forty-five" or "twenty" or "ten" or "fifty")
        {
            var rest = tokens.Skip(i).Take(2).ToList();
            return SpokenNumbers.Number(rest) is { } n && n < 60 ? (int)n : null;
        }

        return null;
    }
}
