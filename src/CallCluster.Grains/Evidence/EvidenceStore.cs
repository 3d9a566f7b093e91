using System.Text.Json;

namespace CallCluster.Grains.Evidence;

/// <summary>
/// Evidence packages on disk: one folder per call under <see cref="Directory"/> holding call.json and
/// recording.wav. The grain writes a package when its call ends; the CLI and the dashboard read it back.
/// </summary>
public sealed class EvidenceStore(string directory)
{
    /// <summary>The package's JSON file name.</summary>
    public const string CallFile = "call.json";

    /// <summary>The package's recording file name.</summary>
    public const string RecordingFile = "recording.wav";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    /// <summary>The root folder.</summary>
    public string Directory { get; } = string.IsNullOrWhiteSpace(directory)
        ? throw new ArgumentException("The evidence directory is empty.", nameof(directory))
        : Path.GetFullPath(directory);

    /// <summary>The folder of one call's package.</summary>
    public string PackagePath(string callId) => Path.Combine(Directory, SafeName(callId));

    /// <summary>Writes (or replaces) a call's package.</summary>
    public async Task WriteAsync(CallEvidence evidence, StereoRecording? recording, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(evidence);
        var folder = PackagePath(evidence.CallId);
        System.IO.Directory.CreateDirectory(folder);
        if (recording is not null)
        {
            recording.SaveAs(Path.Combine(folder, RecordingFile));
        }

        // Written last and atomically: a reader that sees call.json sees a complete package.
        var temporary = Path.Combine(folder, CallFile + ".tmp");
        await using (var stream = File.Create(temporary))
        {
            await JsonSerializer.SerializeAsync(stream, evidence with { Recording = recording is null ? null : RecordingFile }, Json, cancellationToken);
        }

        File.Move(temporary, Path.Combine(folder, CallFile), overwrite: true);
    }

    /// <summary>Reads a call's package; throws <see cref="FileNotFoundException"/> naming the path when there is none.</summary>
    public async Task<CallEvidence> ReadAsync(string callId, CancellationToken cancellationToken = default)
    {
        var path = Path.Combine(PackagePath(callId), CallFile);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No evidence package for call '{callId}' at {path}.", path);
        }

        await using var stream = File.OpenRead(path);
        return await JsonSerializer.DeserializeAsync<CallEvidence>(stream, Json, cancellationToken)
            ?? throw new InvalidDataException($"{path} is empty.");
    }

    /// <summary>The raw call.json text of a package (for `--json`).</summary>
    public Task<string> ReadJsonAsync(string callId, CancellationToken cancellationToken = default) =>
        File.ReadAllTextAsync(Path.Combine(PackagePath(callId), CallFile), cancellationToken);

    /// <summary>The path of a package's recording, or null when it has none.</summary>
    public string? RecordingPath(string callId)
    {
        var path = Path.Combine(PackagePath(callId), RecordingFile);
        return File.Exists(path) ? path : null;
    }

    // A call id comes from the network (a SIP Call-ID): never let it climb out of the evidence folder.
    private static string SafeName(string callId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(callId);
        var chars = callId.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '_').ToArray();
        var name = new string(chars);
        return name is "." or ".." ? "_" + name : name;
    }
}
