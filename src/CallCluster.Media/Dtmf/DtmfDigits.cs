namespace CallCluster.Media.Dtmf;

/// <summary>The 16 DTMF keys, their RFC 4733 event codes (0–15) and their row/column frequencies.</summary>
public static class DtmfDigits
{
    private const string Keys = "0123456789*#ABCD";
    private static readonly int[] RowFrequencies = [697, 770, 852, 941];
    private static readonly int[] ColumnFrequencies = [1209, 1336, 1477, 1633];
    private static readonly string[] Keypad = ["123A", "456B", "789C", "*0#D"];

    public static bool IsDigit(char digit) => Keys.Contains(char.ToUpperInvariant(digit), StringComparison.Ordinal);

    /// <summary>RFC 4733 event code: 0–9 for digits, 10 for *, 11 for #, 12–15 for A–D.</summary>
    public static byte ToEvent(char digit)
    {
        var index = Keys.IndexOf(char.ToUpperInvariant(digit), StringComparison.Ordinal);
        return index >= 0 ? (byte)index : throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digit));
    }

    public static bool TryFromEvent(byte code, out char digit)
    {
        digit = code < Keys.Length ? Keys[code] : '\0';
        return code < Keys.Length;
    }

    /// <summary>The low (row) and high (column) frequency of a key, in Hz.</summary>
    public static (int Low, int High) Frequencies(char digit)
    {
        var key = char.ToUpperInvariant(digit);
        for (var row = 0; row < Keypad.Length; row++)
        {
            var column = Keypad[row].IndexOf(key, StringComparison.Ordinal);
            if (column >= 0)
            {
                return (RowFrequencies[row], ColumnFrequencies[column]);
            }
        }

        throw new ArgumentException($"'{digit}' is not a DTMF digit (0-9, *, #, A-D).", nameof(digit));
    }
}
