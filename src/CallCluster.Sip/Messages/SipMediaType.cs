using System.Text;

namespace CallCluster.Sip.Messages;

/// <summary>A Content-Type value: <c>type/subtype *(;param)</c>, e.g. application/sdp or multipart/mixed;boundary=x.</summary>
public sealed class SipMediaType
{
    public SipMediaType(string type, string subType)
    {
        Type = type;
        SubType = subType;
    }

    public string Type { get; }

    public string SubType { get; }

    public SipParameters Parameters { get; private set; } = new();

    public string MediaType => Type + "/" + SubType;

    public bool Is(string mediaType) => string.Equals(MediaType, mediaType, StringComparison.OrdinalIgnoreCase);

    public static SipMediaType Parse(ReadOnlySpan<char> text)
    {
        text = SipGrammar.TrimWhitespace(text);
        var slash = text.IndexOf('/');
        if (slash <= 0)
        {
            throw new SipParseException("Malformed Content-Type");
        }

        var type = SipGrammar.TrimWhitespace(text[..slash]);
        var rest = text[(slash + 1)..];
        var semicolon = rest.IndexOf(';');
        var subType = SipGrammar.TrimWhitespace(semicolon < 0 ? rest : rest[..semicolon]);
        if (!SipGrammar.IsToken(type) || !SipGrammar.IsToken(subType))
        {
            throw new SipParseException("Malformed Content-Type");
        }

        return new SipMediaType(type.ToString(), subType.ToString())
        {
            Parameters = SipParameters.ParseHeaderParameters(semicolon < 0 ? [] : rest[semicolon..]),
        };
    }

    public override string ToString()
    {
        var builder = new StringBuilder(32);
        builder.Append(Type).Append('/').Append(SubType);
        Parameters.AppendTo(builder);
        return builder.ToString();
    }
}
