namespace CallCluster.Agent.TurnTaking;

/// <summary>Joins transcript pieces and spoken lines with one space, skipping blank pieces.</summary>
internal static class TextJoin
{
    public static string Join(string first, string second)
    {
        var a = first.Trim();
        var b = second.Trim();
        if (a.Length == 0)
        {
            return b;
        }

        return b.Length == 0 ? a : a + " " + b;
    }
}
