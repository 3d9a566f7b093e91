using System.Globalization;

namespace CallCluster.Sip.Messages;

/// <summary>CSeq: a sequence number below 2^31 and a method.</summary>
public readonly record struct CSeqHeader(long Number, string Method)
{
    public const long MaxNumber = int.MaxValue;

    public static CSeqHeader Parse(ReadOnlySpan<char> text)
    {
        text = SipGrammar.TrimWhitespace(text);
        var space = text.IndexOfAny(" \t");
        if (space < 0)
        {
            throw new SipParseException("Malformed CSeq");
        }

        if (!SipGrammar.TryParseDigits(text[..space], MaxNumber, out var number))
        {
            throw new SipParseException("Invalid CSeq number");
        }

        var method = SipGrammar.TrimWhitespace(text[space..]);
        if (!SipGrammar.IsToken(method))
        {
            throw new SipParseException("Invalid CSeq method");
        }

        return new CSeqHeader(number, method.ToString());
    }

    public override string ToString() => Number.ToString(CultureInfo.InvariantCulture) + " " + Method;
}
