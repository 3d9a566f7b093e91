using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CallCluster.Load.Calls.Reporting;

/// <summary>
/// The report as JSON for scripts and CI: camelCase names, enums as strings, and every time and duration in
/// milliseconds (a number, not "00:00:01.2"), so a pipeline can compare latencies without parsing.
/// </summary>
public static class CallReportJson
{
    // The report goes to a terminal or a file, never into HTML: quotes in a transcript need not become \u0022.
    private static readonly JsonSerializerOptions Options = new(CallReportJsonContext.Default.Options)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string Serialize(CallReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return JsonSerializer.Serialize(report, Options.GetTypeInfo(typeof(CallReport)));
    }

    public static CallReport? Deserialize(string json) => JsonSerializer.Deserialize(json, CallReportJsonContext.Default.CallReport);
}

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    WriteIndented = true,
    UseStringEnumConverter = true,
    Converters = [typeof(MillisecondsConverter)])]
[JsonSerializable(typeof(CallReport))]
internal sealed partial class CallReportJsonContext : JsonSerializerContext;

/// <summary>A <see cref="TimeSpan"/> as a number of milliseconds.</summary>
internal sealed class MillisecondsConverter : JsonConverter<TimeSpan>
{
    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        TimeSpan.FromMilliseconds(reader.GetDouble());

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options) =>
        writer.WriteNumberValue(Math.Round(value.TotalMilliseconds, 1));
}
