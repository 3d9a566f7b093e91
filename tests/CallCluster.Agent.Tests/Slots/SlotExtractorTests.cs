using CallCluster.Agent.Graph;
using CallCluster.Agent.Slots;
using CallCluster.Testing;

namespace CallCluster.Agent.Tests.Slots;

public sealed class SlotExtractorTests
{
    private static readonly SourceLocation Here = new("test.yaml", 1, 1);

    // Monday 5 January 2026, 10:00 UTC.
    private readonly SlotExtractor _extractor = new(new ManualTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero)));

    [Theory]
    [InlineData("one two three four five six", "123456")]
    [InlineData("one two three, four five six", "123456")]
    [InlineData("it is 12345", null)]
    public void Digits_respect_the_length(string said, string? expected) =>
        Assert.Equal(expected, _extractor.Extract(new SlotDefinition("order", SlotKind.Digits, Here, 6, 6), said));

    [Theory]
    [InlineData("tomorrow", "2026-01-06")]
    [InlineData("the day after tomorrow please", "2026-01-07")]
    [InlineData("next friday", "2026-01-09")]
    [InlineData("monday", "2026-01-12")]
    [InlineData("march fifth", "2026-03-05")]
    [InlineData("the 3rd of january", "2027-01-03")]
    [InlineData("2026-02-14", "2026-02-14")]
    [InlineData("whenever", null)]
    public void Dates_resolve_against_the_clock(string said, string? expected) =>
        Assert.Equal(expected, _extractor.Extract(new SlotDefinition("date", SlotKind.Date, Here), said));

    [Theory]
    [InlineData("3 pm", "15:00")]
    [InlineData("at 10:30 am", "10:30")]
    [InlineData("three thirty in the afternoon", "15:30")]
    [InlineData("noon", "12:00")]
    [InlineData("at two", "14:00")]
    [InlineData("14:45", "14:45")]
    [InlineData("later", null)]
    public void Times_are_normalised(string said, string? expected) =>
        Assert.Equal(expected, _extractor.Extract(new SlotDefinition("time", SlotKind.Time, Here), said));

    [Theory]
    [InlineData("yes please", "yes")]
    [InlineData("yeah go ahead", "yes")]
    [InlineData("no thanks", "no")]
    [InlineData("not really", "no")]
    [InlineData("maybe", null)]
    public void Yes_no(string said, string? expected) =>
        Assert.Equal(expected, _extractor.Extract(new SlotDefinition("ok", SlotKind.YesNo, Here), said));

    [Fact]
    public void Enumerations_match_synonyms()
    {
        var slot = new SlotDefinition("reason", SlotKind.Enumeration, Here, Values: new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal)
        {
            ["damaged"] = ["damaged", "broken", "cracked"],
            ["wrong_item"] = ["wrong_item", "wrong item", "not what I ordered"],
        });

        Assert.Equal("damaged", _extractor.Extract(slot, "it arrived cracked"));
        Assert.Equal("wrong_item", _extractor.Extract(slot, "it's not what I ordered"));
        Assert.Null(_extractor.Extract(slot, "I changed my mind"));
    }

    [Fact]
    public void Number_slots_respect_bounds()
    {
        var slot = new SlotDefinition("party", SlotKind.Number, Here, Minimum: 1, Maximum: 12);
        Assert.Equal("4", _extractor.Extract(slot, "four of us"));
        Assert.Null(_extractor.Extract(slot, "twenty"));
    }

    [Fact]
    public void Dtmf_fills_digit_and_yes_no_slots()
    {
        Assert.Equal("123456", SlotExtractor.ExtractDtmf(new SlotDefinition("order", SlotKind.Digits, Here, 6, 6), "123456#"));
        Assert.Null(SlotExtractor.ExtractDtmf(new SlotDefinition("order", SlotKind.Digits, Here, 6, 6), "1234#"));
        Assert.Equal("no", SlotExtractor.ExtractDtmf(new SlotDefinition("ok", SlotKind.YesNo, Here), "2"));
    }
}
