using CallCluster.Agent.Slots;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Agent.Tests.Slots;

public sealed class SpokenNumbersTests
{
    private static readonly string[] DigitWords = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];

    [Theory]
    [InlineData("one two three", "123")]
    [InlineData("nine four one oh seven", "94107")]
    [InlineData("it's one two three four five six", "123456")]
    [InlineData("double five seven", "557")]
    [InlineData("twenty five", "25")]
    [InlineData("my order is 123456", "123456")]
    [InlineData("oh one", "01")]
    public void Spoken_digits_become_a_digit_string(string spoken, string digits) =>
        Assert.Equal(digits, SpokenNumbers.DigitRuns(TextNormalizer.Tokens(spoken))[^1]);

    [Fact]
    public void Oh_alone_is_not_zero() =>
        Assert.Empty(SpokenNumbers.DigitRuns(TextNormalizer.Tokens("oh I see")));

    [Theory]
    [InlineData("two hundred and five", 205)]
    [InlineData("one thousand two hundred", 1200)]
    [InlineData("forty two", 42)]
    [InlineData("17", 17)]
    public void Numbers_in_words_compose(string spoken, long value) =>
        Assert.Equal(value, SpokenNumbers.Number(TextNormalizer.Tokens(spoken)));

    [Fact]
    public void Any_digit_string_said_digit_by_digit_comes_back_unchanged() =>
        Prop.ForAll(
            Gen.Choose(0, 9).ArrayOf().Where(a => a.Length is > 0 and < 20).ToArbitrary(),
            digits =>
            {
                var spoken = string.Join(' ', digits.Select(d => DigitWords[d]));
                var runs = SpokenNumbers.DigitRuns(TextNormalizer.Tokens(spoken));
                return runs.Count == 1 && runs[0] == string.Concat(digits);
            }).QuickCheckThrowOnFailure();
}
