using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.Grammar;

/// <summary>
/// JSGF rules for each <see cref="SlotKind"/>, written in the words a caller actually says
/// ("oh" for zero in digit strings, "p m", "the third of march"). Every word is in the CMU dictionary.
/// </summary>
internal static class SlotRules
{
    public const string Digits = "digits";
    public const string Number = "number";
    public const string YesNo = "yes_no";
    public const string Date = "date";
    public const string Time = "time";
    public const string Choice = "choice";

    /// <summary>The rule a slot kind compiles to, or null for free text.</summary>
    public static string? RuleName(SlotKind kind) => kind switch
    {
        SlotKind.Digits => Digits,
        SlotKind.Number => Number,
        SlotKind.YesNo => YesNo,
        SlotKind.Date => Date,
        SlotKind.Time => Time,
        SlotKind.Enumeration => Choice,
        _ => null,
    };

    /// <summary>
    /// The rule definitions a slot rule depends on, itself included, in JSGF syntax. Digit strings take
    /// <paramref name="minDigits"/> to <paramref name="maxDigits"/> digits (one to any number when not given).
    /// </summary>
    public static IEnumerable<string> Definitions(string rule, int? minDigits = null, int? maxDigits = null) => rule switch
    {
        Digits => [DigitsRule(minDigits, maxDigits), DigitRule],
        Number => [NumberRule, .. NumberParts],
        YesNo => [YesNoRule],
        Date => [DateRule, WeekdayRule, MonthRule, OrdinalRule],
        Time => [TimeRule, HourRule, MinuteRule, MinuteTensRule, .. NumberParts],
        _ => [],
    };

    private const string DigitRule = "<digit> = zero | oh | one | two | three | four | five | six | seven | eight | nine;";

    /// <summary>
    /// JSGF has no counted repetition, so a bounded length is spelled out: the required digits, then nested optional
    /// ones ("&lt;digit&gt; &lt;digit&gt; [&lt;digit&gt; [&lt;digit&gt;]]").
    /// </summary>
    private static string DigitsRule(int? minDigits, int? maxDigits)
    {
        var min = Math.Max(minDigits ?? 1, 1);
        var body = new System.Text.StringBuilder("<digits> =");
        for (var i = 1; i < min; i++)
        {
            body.Append(" <digit>");
        }

        if (maxDigits is not { } max)
        {
            return body.Append(" <digit>+;").ToString();
        }

        body.Append(" <digit>");
        var optional = Math.Max(max - min, 0);
        for (var i = 0; i < optional; i++)
        {
            body.Append(" [<digit>");
        }

        return body.Append(']', optional).Append(';').ToString();
    }

    private static readonly string[] NumberParts =
    [
        "<unit> = one | two | three | four | five | six | seven | eight | nine;",
        "<teen> = ten | eleven | twelve | thirteen | fourteen | fifteen | sixteen | seventeen | eighteen | nineteen;",
        "<tens> = twenty | thirty | forty | fifty | sixty | seventy | eighty | ninety;",
        "<below_hundred> = <unit> | <teen> | <tens> [<unit>];",
        "<below_thousand> = <below_hundred> | <unit> hundred [[and] <below_hundred>];",
    ];

    private const string NumberRule =
        "<number> = zero | <below_thousand> | <unit> thousand [[and] <below_thousand>] | <teen> hundred [[and] <below_hundred>] | <tens> [<unit>] hundred [[and] <below_hundred>];";

    private const string YesNoRule =
        "<yes_no> = yes | yeah | yep | sure | correct | that's right | of course | no | nope | not really | that's wrong;";

    private const string WeekdayRule = "<weekday> = monday | tuesday | wednesday | thursday | friday | saturday | sunday;";

    private const string MonthRule =
        "<month> = january | february | march | april | may | june | july | august | september | october | november | december;";

    private const string OrdinalRule =
        "<ordinal> = first | second | third | fourth | fifth | sixth | seventh | eighth | ninth | tenth | eleventh | twelfth"
        + " | thirteenth | fourteenth | fifteenth | sixteenth | seventeenth | eighteenth | nineteenth | twentieth"
        + " | twenty (first | second | third | fourth | fifth | sixth | seventh | eighth | ninth) | thirtieth | thirty first;";

    private const string DateRule =
        "<date> = today | tomorrow | the day after tomorrow | [on] [next | this] <weekday> [morning | afternoon | evening]"
        + " | [on] <month> <ordinal> | [on] the <ordinal> [of <month>];";

    private const string HourRule = "<hour> = one | two | three | four | five | six | seven | eight | nine | ten | eleven | twelve;";

    /// <summary>
    /// Minutes past the hour stop at fifty-nine, so only twenty to fifty lead a minute: allowing "sixty" let "ten fifteen"
    /// be heard as "ten sixty", which no clock has.
    /// </summary>
    private const string MinuteRule = "<minute> = oh <unit> | <teen> | <minute_tens> [<unit>] | o'clock;";

    private const string MinuteTensRule = "<minute_tens> = twenty | thirty | forty | fifty;";

    private const string TimeRule =
        "<time> = [at] <hour> [<minute>] [a m | p m | in the morning | in the afternoon | in the evening]"
        + " | [at] (noon | midnight) | [at] (half past | quarter past | quarter to) <hour>;";
}
