using System.Text;

namespace CallCluster.Agent.Slots;

/// <summary>Lower-cases and splits what the caller said into word tokens (digits kept, punctuation dropped).</summary>
public static class TextNormalizer
{
    public static IReadOnlyList<string> Tokens(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c) || c == '\'' || (c == ':' && current.Length > 0 && char.IsDigit(current[^1])))
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
