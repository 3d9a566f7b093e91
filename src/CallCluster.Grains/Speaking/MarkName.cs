using System.Globalization;

namespace CallCluster.Grains.Speaking;

/// <summary>
/// The names of the playout marks a call grain places: "{activation}/{turn}/{position}", where position is
/// "start", "end" or a text offset. The activation part lets a resumed call ignore marks placed by the activation
/// that died.
/// </summary>
internal readonly record struct MarkName(string Activation, int TurnId, MarkPosition Position, int TextOffset)
{
    public const string Start = "start";
    public const string End = "end";

    public static string Format(string activation, int turnId, string position) =>
        string.Create(CultureInfo.InvariantCulture, $"{activation}/{turnId}/{position}");

    public static string Format(string activation, int turnId, int textOffset) =>
        string.Create(CultureInfo.InvariantCulture, $"{activation}/{turnId}/{textOffset}");

    public static bool TryParse(string name, out MarkName mark)
    {
        mark = default;
        var parts = name.Split('/');
        if (parts.Length != 3 || !int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var turnId))
        {
            return false;
        }

        if (parts[2] == Start)
        {
            mark = new MarkName(parts[0], turnId, MarkPosition.Start, 0);
            return true;
        }

        if (parts[2] == End)
        {
            mark = new MarkName(parts[0], turnId, MarkPosition.End, 0);
            return true;
        }

        if (int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var offset))
        {
            mark = new MarkName(parts[0], turnId, MarkPosition.Text, offset);
            return true;
        }

        return false;
    }
}

/// <summary>Where in an agent turn a mark sits.</summary>
internal enum MarkPosition
{
    Start,
    Text,
    End,
}
