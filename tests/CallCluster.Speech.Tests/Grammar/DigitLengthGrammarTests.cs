using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;

namespace CallCluster.Speech.Tests.Grammar;

/// <summary>A digit slot's known length is spelled out in the grammar, so the recogniser cannot drop or add a digit.</summary>
public sealed class DigitLengthGrammarTests
{
    private static readonly PronunciationDictionary Digits = new(["zero", "oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);

    [Theory]
    [InlineData(6, 6, "<digits> = <digit> <digit> <digit> <digit> <digit> <digit>;")]
    [InlineData(3, 5, "<digits> = <digit> <digit> <digit> [<digit> [<digit>]];")]
    [InlineData(null, 3, "<digits> = <digit> [<digit> [<digit>]];")]
    [InlineData(4, null, "<digits> = <digit> <digit> <digit> <digit>+;")]
    [InlineData(null, null, "<digits> = <digit>+;")]
    public void The_digits_rule_takes_exactly_the_allowed_counts(int? min, int? max, string rule)
    {
        var grammar = new JsgfGrammarBuilder(Digits).Build(new RecognitionHints { Slots = [SlotKind.Digits], MinDigits = min, MaxDigits = max })!;

        Assert.Contains(rule + "\n", grammar.Jsgf, StringComparison.Ordinal);
    }

    [Fact]
    public void Different_lengths_compile_to_different_grammars()
    {
        var builder = new JsgfGrammarBuilder(Digits);

        var five = builder.Build(new RecognitionHints { Slots = [SlotKind.Digits], MinDigits = 5, MaxDigits = 5 })!;
        var six = builder.Build(new RecognitionHints { Slots = [SlotKind.Digits], MinDigits = 6, MaxDigits = 6 })!;

        Assert.NotEqual(five.Key, six.Key);
    }
}
