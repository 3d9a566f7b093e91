using System.Text;

namespace CallCluster.Agent.Slots;

/// <summary>
/// Lower-cases and splits what the caller said into word tokens; punctuation is dropped except ':' and '-'
/// between digits, so "10:30" and "2026-03-05" stay whole.
/// </summary>
public static class TextNormalizer
{
    public static IReadOnlyList<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            var betweenDigits = current.Length > 0 && char.IsDigit(current[^1]) && i + 1 < text.Length && char.IsDigit(text[i + 1]);
            if (char.IsLetterOrDigit(c) || c == '\'' || (c is ':' or '-' && betweenDigits))
            {
                current.Append(char.ToLowerInvariant(c));
            }
            else if (current.Length > 0)
            {
                tokens.Add(current.ToString().Trim('\''));
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            tokens.Add(current.ToString().Trim('\''));
        }

        return tokens.Where(t => t.Length > 0).ToList();
    }

    public static string Normalize(string text) => string.Join(' ', Tokens(text));
}
