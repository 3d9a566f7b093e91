namespace CallCluster.Sip.Tests.Messages;

/// <summary>Loads the RFC 4475-style vectors in Data/Torture (exact wire bytes, see generate.py there).</summary>
internal static class TortureVectors
{
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "Data", "Torture");

    public static byte[] Valid(string name) => File.ReadAllBytes(Path.Combine(Folder, "valid", name + ".sip"));

    public static IEnumerable<string> ValidNames() =>
        Directory.GetFiles(Path.Combine(Folder, "valid"), "*.sip").Select(Path.GetFileNameWithoutExtension).Order(StringComparer.Ordinal)!;

    /// <summary>Invalid vectors are named name.STATUS.sip, e.g. badvers.505.sip.</summary>
    public static IEnumerable<(string Name, int Status)> InvalidNames() =>
        Directory.GetFiles(Path.Combine(Folder, "invalid"), "*.sip")
            .Select(Path.GetFileNameWithoutExtension)
            .Select(n => (n![..n!.IndexOf('.', StringComparison.Ordinal)], int.Parse(n[(n.IndexOf('.', StringComparison.Ordinal) + 1)..], System.Globalization.CultureInfo.InvariantCulture)))
            .Order();

    public static byte[] Invalid(string name, int status) =>
        File.ReadAllBytes(Path.Combine(Folder, "invalid", $"{name}.{status}.sip"));
}
