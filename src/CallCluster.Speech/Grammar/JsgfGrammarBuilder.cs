using System.Security.Cryptography;
using System.Text;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.Grammar;

/// <summary>
/// Compiles <see cref="RecognitionHints"/> into a JSGF grammar. A phrase may embed slots in braces,
/// e.g. <c>"my order number is {digits}"</c> or <c>"call me back {date} at {time}"</c>; the names are the
/// <see cref="SlotKind"/> values (<c>digits, number, yesno, date, time, choice</c>). Slots listed in
/// <see cref="RecognitionHints.Slots"/> may also be said on their own.
/// </summary>
public sealed class JsgfGrammarBuilder
{
    private readonly PronunciationDictionary _dictionary;

    public JsgfGrammarBuilder(PronunciationDictionary dictionary)
    {
        ArgumentNullException.ThrowIfNull(dictionary);
        _dictionary = dictionary;
    }

    /// <summary>Builds the grammar, or returns null when nothing constrains the utterance (use the language model).</summary>
    public CompiledGrammar? Build(RecognitionHints hints)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var rejected = new List<string>();
        var choices = new List<string>();
        foreach (var choice in hints.Choices)
        {
            var words = Normalize(choice);
            if (words.Length > 0 && words.All(_dictionary.Contains))
            {
                choices.Add(string.Join(' ', words));
            }
            else
            {
                rejected.Add(choice);
            }
        }

        var usedRules = new SortedSet<string>(StringComparer.Ordinal);
        var alternatives = new List<string>();
        foreach (var phrase in hints.Phrases)
        {
            if (TryCompilePhrase(phrase, choices.Count > 0, usedRules, out var alternative))
            {
                alternatives.Add(alternative);
            }
            else
            {
                rejected.Add(phrase);
            }
        }

        foreach (var slot in hints.Slots.Distinct())
        {
            var rule = SlotRules.RuleName(slot);
            if (rule is not null && (rule != SlotRules.Choice || choices.Count > 0))
            {
                usedRules.Add(rule);
                alternatives.Add($"<{rule}>");
            }
        }

        var distinct = alternatives.Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count == 0)
        {
            return null;
        }

        var jsgf = new StringBuilder()
            .Append("#JSGF V1.0;\n")
            .Append("grammar callcluster;\n")
            .Append("public <utterance> = ").AppendJoin(" | ", distinct).Append(";\n");
        var definitions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var rule in usedRules)
        {
            var ruleDefinitions = rule == SlotRules.Choice
                ? [$"<{SlotRules.Choice}> = {string.Join(" | ", choices.Distinct(StringComparer.Ordinal))};"]
                : SlotRules.Definitions(rule);
            foreach (var definition in ruleDefinitions)
            {
                if (definitions.Add(definition))
                {
                    jsgf.Append(definition).Append('\n');
                }
            }
        }

        var text = jsgf.ToString();
        var key = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 8));
        return new CompiledGrammar(text, key, rejected);
    }

    /// <summary>
    /// Lower-cases a phrase and splits it into dictionary-style words: digits are spelled out one by one,
    /// punctuation other than apostrophes separates words.
    /// </summary>
    public static string[] Normalize(string phrase)
    {
        ArgumentNullException.ThrowIfNull(phrase);
        var builder = new StringBuilder(phrase.Length + 16);
        foreach (var c in phrase)
        {
            if (char.IsAsciiDigit(c))
            {
                builder.Append(' ').Append(DigitWords[c - '0']).Append(' ');
            }
            else if (char.IsLetter(c) || c == '\'')
            {
                builder.Append(char.ToLowerInvariant(c));
            }
            else
            {
                builder.Append(' ');
            }
        }

        return builder.ToString().Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
    }

    private static readonly string[] DigitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    private bool TryCompilePhrase(string phrase, bool haveChoices, SortedSet<string> usedRules, out string alternative)
    {
        var parts = new List<string>();
        var rules = new List<string>();
        var rest = phrase.AsSpan();
        while (!rest.IsEmpty)
        {
            var open = rest.IndexOf('{');
            var literal = open < 0 ? rest : rest[..open];
            foreach (var word in Normalize(literal.ToString()))
            {
                if (!_dictionary.Contains(word))
                {
                    alternative = "";
                    return false;
                }

                parts.Add(word);
            }

            if (open < 0)
            {
                break;
            }

            var close = rest[open..].IndexOf('}');
            if (close < 0 || !TryParseSlot(rest.Slice(open + 1, close - 1), out var kind))
            {
                alternative = "";
                return false;
            }

            var rule = SlotRules.RuleName(kind);
            if (rule is null || (rule == SlotRules.Choice && !haveChoices))
            {
                alternative = "";
                return false;
            }

            rules.Add(rule);
            parts.Add($"<{rule}>");
            rest = rest[(open + close + 1)..];
        }

        if (parts.Count == 0)
        {
            alternative = "";
            return false;
        }

        foreach (var rule in rules)
        {
            usedRules.Add(rule);
        }

        alternative = parts.Count == 1 ? parts[0] : "(" + string.Join(' ', parts) + ")";
        return true;
    }

    private static bool TryParseSlot(ReadOnlySpan<char> name, out SlotKind kind)
    {
        var trimmed = name.Trim().ToString().Replace("_", "", StringComparison.Ordinal);
        if (trimmed.Equals("choice", StringComparison.OrdinalIgnoreCase))
        {
            kind = SlotKind.Enumeration;
            return true;
        }

        return Enum.TryParse(trimmed, ignoreCase: true, out kind) && Enum.IsDefined(kind);
    }
}
