using System.Text.Json.Serialization;

namespace CallCluster.Speech.OpenAi;

internal sealed record TranscriptionResponse([property: JsonPropertyName("text")] string? Text);

internal sealed record SpeechRequest(
    [property: JsonPropertyName("model")] string Model,
    [property: JsonPropertyName("input")] string Input,
    [property: JsonPropertyName("voice")] string Voice,
    [property: JsonPropertyName("response_format")] string ResponseFormat);

[JsonSerializable(typeof(TranscriptionResponse))]
[JsonSerializable(typeof(SpeechRequest))]
internal sealed partial class OpenAiJsonContext : JsonSerializerContext;
