using System.Globalization;
using System.Net;

namespace CallCluster.Host.Hosting;

/// <summary>A host:port the operator gives on the command line (e.g. <c>127.0.0.1:8080</c>, <c>0.0.0.0:5060</c>; port 0 = any free port).</summary>
internal readonly record struct ListenEndpoint(IPAddress Address, int Port)
{
    public override string ToString() => $"{Address}:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Kestrel's URL for this endpoint.</summary>
    public string HttpUrl => $"http://{ToString()}";

    /// <summary>Parses <paramref name="text"/>, or returns the reason it is not an endpoint.</summary>
    public static bool TryParse(string? text, out ListenEndpoint endpoint, out string error)
    {
        endpoint = default;
        var colon = text?.LastIndexOf(':') ?? -1;
        if (text is null || colon <= 0)
        {
            error = $"'{text}' is not an endpoint of the form address:port (e.g. 127.0.0.1:8080).";
            return false;
        }

        if (!IPAddress.TryParse(text.AsSpan(0, colon), out var address))
        {
            error = $"'{text[..colon]}' in '{text}' is not an IP address.";
            return false;
        }

        if (!int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            error = $"'{text[(colon + 1)..]}' in '{text}' is not a port (0–65535).";
            return false;
        }

        endpoint = new ListenEndpoint(address, port);
        error = string.Empty;
        return true;
    }

    public static ListenEndpoint Parse(string text) =>
        TryParse(text, out var endpoint, out var error) ? endpoint : throw new FormatException(error);
}
