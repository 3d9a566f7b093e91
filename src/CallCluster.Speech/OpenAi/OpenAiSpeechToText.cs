using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.OpenAi;

/// <summary>
/// Transcription through an OpenAI-compatible <c>audio/transcriptions</c> endpoint. The API is not streaming: a session
/// buffers the utterance and uploads it at <see cref="ISpeechRecognitionSession.CompleteAsync"/>, so it has no partials.
/// Hints go in the prompt, which biases the model toward the node's vocabulary.
/// </summary>
public sealed class OpenAiSpeechToText : ISpeechToText
{
    internal const string ProviderName = "openai-stt";

    private readonly OpenAiSpeechOptions _options;
    private readonly OpenAiHttp _http;
    private readonly ILogger _logger;

    public OpenAiSpeechToText(HttpClient http, IOptions<OpenAiSpeechOptions> options, ILogger<OpenAiSpeechToText>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = new OpenAiHttp(http, _options);
        _logger = logger ?? NullLogger<OpenAiSpeechToText>.Instance;
    }

    public ValueTask<ISpeechRecognitionSession> StartSessionAsync(RecognitionHints hints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hints);
        return ValueTask.FromResult<ISpeechRecognitionSession>(new OpenAiRecognitionSession(this, Prompt(hints)));
    }

    internal int MaxSamples => (int)Math.Min(int.MaxValue / 4, _options.MaxUtterance.TotalSeconds * AudioFormat.SampleRate);

    internal void ReportTruncated() =>
        _logger.LogWarning("Utterance longer than {MaxUtterance}; later audio is not transcribed", _options.MaxUtterance);

    internal async Task<Transcript> TranscribeAsync(ReadOnlyMemory<short> audio, string? prompt, CancellationToken cancellationToken)
    {
        var wav = WavEncoder.Encode(audio.Span);
        using var response = await _http.SendAsync(
            ProviderName,
            () =>
            {
                var form = new MultipartFormDataContent
                {
                    { new ByteArrayContent(wav) { Headers = { ContentType = new("audio/wav") } }, "file", "utterance.wav" },
                    { new StringContent(_options.TranscriptionModel), "model" },
                    { new StringContent("json"), "response_format" },
                };
                if (_options.Language is { Length: > 0 } language)
                {
                    form.Add(new StringContent(language), "language");
                }

                if (prompt is not null)
                {
                    form.Add(new StringContent(prompt), "prompt");
                }

                return new HttpRequestMessage(HttpMethod.Post, _http.Endpoint("audio/transcriptions")) { Content = form };
            },
            cancellationToken);
        TranscriptionResponse? body;
        try
        {
            body = await System.Text.Json.JsonSerializer.DeserializeAsync(
                await response.Content.ReadAsStreamAsync(cancellationToken),
                OpenAiJsonContext.Default.TranscriptionResponse,
                cancellationToken);
        }
        catch (System.Text.Json.JsonException e)
        {
            throw new SpeechProviderException(ProviderName, "the response is not a transcription (expected JSON with \"text\").", e);
        }

        var text = string.Join(' ', (body?.Text ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        return new Transcript(text, null, [], TimeSpan.FromSeconds(audio.Length / (double)AudioFormat.SampleRate));
    }

    private static string? Prompt(RecognitionHints hints)
    {
        var examples = hints.Phrases
            .Select(p => p.Replace("{", "", StringComparison.Ordinal).Replace("}", "", StringComparison.Ordinal))
            .Concat(hints.Choices)
            .ToList();
        return examples.Count == 0 ? null : "Phone call. The caller may say: " + string.Join("; ", examples) + ".";
    }
}
