using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Speech.Tests.Grammar;

public sealed class JsgfGrammarBuilderTests
{
    private static readonly Lazy<PronunciationDictionary> Cmu = new(() => PronunciationDictionary.Load("/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict"));

    private static readonly PronunciationDictionary Small = new(
        ["my", "order", "number", "is", "yes", "no", "talk", "to", "a", "human", "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "express", "standard", "please"]);

    [Fact]
    public void No_hints_means_no_grammar_so_the_language_model_is_used()
    {
        Assert.Null(new JsgfGrammarBuilder(Small).Build(RecognitionHints.None));
        Assert.Null(new JsgfGrammarBuilder(Small).Build(new RecognitionHints { Slots = [SlotKind.FreeText] }));
    }

    [Fact]
    public void Phrases_with_slots_become_alternatives_that_reference_slot_rules()
    {
        var grammar = new JsgfGrammarBuilder(Small).Build(new RecognitionHints
        {
            Phrases = ["My order number is {digits}.", "Talk to a human!"],
            Slots = [SlotKind.YesNo],
        })!;

        Assert.Contains("public <utterance> = (my order number is <digits>) | (talk to a human) | <yes_no>;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("<digits> = <digit>+;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("<yes_no> = ", grammar.Jsgf, StringComparison.Ordinal);
        Assert.DoesNotContain("<date>", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Empty(grammar.RejectedPhrases);
    }

    [Fact]
    public void Minutes_of_a_time_stop_at_fifty_nine()
    {
        var grammar = new JsgfGrammarBuilder(Cmu.Value).Build(new RecognitionHints { Slots = [SlotKind.Time] })!;

        Assert.Contains("<minute> = oh <unit> | <teen> | <minute_tens> [<unit>] | o'clock;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("<minute_tens> = twenty | thirty | forty | fifty;", grammar.Jsgf, StringComparison.Ordinal);
    }

    [Fact]
    public void Phrases_with_words_outside_the_dictionary_are_rejected_and_reported()
    {
        var grammar = new JsgfGrammarBuilder(Small).Build(new RecognitionHints { Phrases = ["talk to a human", "talk to a zorblax", "my {nonsense}"] })!;

        Assert.Equal(["talk to a zorblax", "my {nonsense}"], grammar.RejectedPhrases);
        Assert.DoesNotContain("zorblax", grammar.Jsgf, StringComparison.Ordinal);
    }

    [Fact]
    public void Choices_compile_to_an_enumeration_rule()
    {
        var grammar = new JsgfGrammarBuilder(Small).Build(new RecognitionHints { Phrases = ["{choice} please"], Choices = ["Express", "Standard"] })!;

        Assert.Contains("<choice> = express | standard;", grammar.Jsgf, StringComparison.Ordinal);
        Assert.Contains("(<choice> please)", grammar.Jsgf, StringComparison.Ordinal);
    }

    [Fact]
    public void Digits_in_phrases_are_spelled_out()
    {
        Assert.Equal(["press", "one", "for", "sales"], JsgfGrammarBuilder.Normalize("Press 1 for sales."));
    }

    [Fact]
    public void Every_word_of_every_slot_rule_is_in_the_cmu_dictionary()
    {
        var hints = new RecognitionHints { Slots = Enum.GetValues<SlotKind>(), Choices = ["express"] };
        var grammar = new JsgfGrammarBuilder(Cmu.Value).Build(hints)!;
        var words = grammar.Jsgf.Split('\n').Skip(2)
            .SelectMany(line => line[(line.IndexOf('=', StringComparison.Ordinal) + 1)..].Split([' ', '|', '(', ')', '[', ']', ';', '+'], StringSplitOptions.RemoveEmptyEntries))
            .Where(token => !token.StartsWith('<'))
            .Distinct(StringComparer.Ordinal);

        Assert.All(words, word => Assert.True(Cmu.Value.Contains(word), $"'{word}' is not in the dictionary"));
    }

    [Fact]
    public void The_key_is_stable_for_equal_hints_and_differs_for_different_ones()
    {
        var builder = new JsgfGrammarBuilder(Small);
        var a = builder.Build(new RecognitionHints { Phrases = ["talk to a human"] })!;
        var b = builder.Build(new RecognitionHints { Phrases = ["talk to a human"] })!;
        var c = builder.Build(new RecognitionHints { Phrases = ["talk to a human"], Slots = [SlotKind.YesNo] })!;

        Assert.Equal(a.Key, b.Key);
        Assert.NotEqual(a.Key, c.Key);
    }

    [Fact]
    public void Normalizing_yields_words_of_letters_and_apostrophes_and_is_idempotent() =>
        Prop.ForAll<string>(text =>
            {
                var words = JsgfGrammarBuilder.Normalize(text ?? "");
                return words.All(word => word.Length > 0 && word.All(c => c == '\'' || char.IsLetter(c)))
                    && JsgfGrammarBuilder.Normalize(string.Join(' ', words)).SequenceEqual(words);
            })
            .QuickCheckThrowOnFailure();
}
