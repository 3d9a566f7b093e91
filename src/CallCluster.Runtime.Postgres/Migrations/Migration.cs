using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace CallCluster.Runtime.Postgres.Migrations;

/// <summary>
/// One versioned schema change: <c>infra/migrations/NNNN_name.sql</c>, embedded in this assembly.
/// The checksum is SHA-256 of the text with line endings normalised, so a Windows checkout of the same
/// file does not look like an edit.
/// </summary>
public sealed partial record Migration(int Version, string Name, string Sql, string Checksum)
{
    private const string ResourcePrefix = "migrations.";

    /// <summary>Builds a migration from its file name (<c>0001_membership.sql</c>) and text.</summary>
    public static Migration Create(string fileName, string sql)
    {
        ArgumentNullException.ThrowIfNull(fileName);
        ArgumentNullException.ThrowIfNull(sql);
        var match = FileNamePattern().Match(fileName);
        if (!match.Success)
        {
            throw new FormatException($"Migration '{fileName}' is not named NNNN_name.sql (four digits, lower-case name).");
        }

        var version = int.Parse(match.Groups["version"].ValueSpan, System.Globalization.CultureInfo.InvariantCulture);
        if (version <= 0)
        {
            throw new FormatException($"Migration '{fileName}' has version 0; versions start at 0001.");
        }

        return new Migration(version, fileName, sql, ChecksumOf(sql));
    }

    /// <summary>The migrations embedded in this assembly, in version order; duplicate versions are refused.</summary>
    public static IReadOnlyList<Migration> LoadEmbedded()
    {
        var assembly = typeof(Migration).Assembly;
        var migrations = new List<Migration>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal))
            {
                continue;
            }

            migrations.Add(Create(resource[ResourcePrefix.Length..], ReadResource(assembly, resource)));
        }

        return Ordered(migrations);
    }

    /// <summary>Sorts by version and refuses two files claiming one version (a merge of two branches' 0004s).</summary>
    public static IReadOnlyList<Migration> Ordered(IEnumerable<Migration> migrations)
    {
        var ordered = migrations.OrderBy(m => m.Version).ToList();
        for (var i = 1; i < ordered.Count; i++)
        {
            if (ordered[i].Version == ordered[i - 1].Version)
            {
                throw new InvalidOperationException(
                    $"Migrations '{ordered[i - 1].Name}' and '{ordered[i].Name}' share version {ordered[i].Version}; renumber one.");
            }
        }

        return ordered;
    }

    private static string ChecksumOf(string sql)
    {
        var normalised = sql.Replace("\r\n", "\n", StringComparison.Ordinal);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(normalised)));
    }

    private static string ReadResource(Assembly assembly, string resource)
    {
        using var stream = assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"Embedded migration '{resource}' cannot be opened.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        return reader.ReadToEnd();
    }

    [GeneratedRegex(@"^(?<version>\d{4})_[a-z0-9_]+\.sql$", RegexOptions.CultureInvariant, matchTimeoutMilliseconds: 1000)]
    private static partial Regex FileNamePattern();
}
