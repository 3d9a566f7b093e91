using CallCluster.Speech.Grammar;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Speech.Tests.Grammar;

public sealed class SlotValuesTests
{
    [Theory]
    [InlineData("my order number is four five one two", "4512")]
    [InlineData("seven oh three nine one", "70391")]
    [InlineData("i don't have it", null)]
    public void Digits_are_read_from_the_longest_run(string transcript, string? expected) =>
        Assert.Equal(expected, SlotValues.ParseDigits(transcript));

    [Theory]
    [InlineData("twenty five", 25)]
    [InlineData("i need three", 3)]
    [InlineData("one hundred and twelve", 112)]
    [InlineData("two thousand and forty", 2040)]
    [InlineData("nineteen hundred", 1900)]
    [InlineData("goodbye", null)]
    public void Numbers_are_read_from_words(string transcript, int? expected) =>
        Assert.Equal(expected, SlotValues.ParseNumber(transcript));

    [Theory]
    [InlineData("yeah", true)]
    [InlineData("that's right", true)]
    [InlineData("nope", false)]
    [InlineData("stop calling me", null)]
    public void Yes_and_no_have_many_forms(string transcript, bool? expected) =>
        Assert.Equal(expected, SlotValues.ParseYesNo(transcript));

    [Fact]
    public void Any_digit_string_spoken_digit_by_digit_reads_back_unchanged()
    {
        string[] words = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"];
        Prop.ForAll<byte[]>(bytes =>
            {
                var digits = string.Concat((bytes ?? []).Select(b => (char)('0' + (b % 10))));
                var spoken = "my number is " + string.Join(' ', digits.Select(d => words[d - '0']));
                return SlotValues.ParseDigits(spoken) == (digits.Length == 0 ? null : digits);
            })
            .QuickCheckThrowOnFailure();
    }
}
