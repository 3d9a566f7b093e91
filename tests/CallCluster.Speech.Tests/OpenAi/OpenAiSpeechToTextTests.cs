using System.Buffers.Binary;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.OpenAi;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.OpenAi;

public sealed class OpenAiSpeechToTextTests : IAsyncLifetime
{
    private const string Key = "sk-test-not-a-real-key-0123456789";
    private FakeOpenAiServer _server = null!;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Uploads_the_utterance_as_16_kHz_wav_with_model_key_and_hints_and_returns_the_text()
    {
        var stt = Create();
        var transcript = await TranscribeAsync(stt, samples: 16_000, new RecognitionHints { Phrases = ["i want a refund", "my order number is {digits}"] });

        Assert.Equal("i want a refund", transcript.Text);
        Assert.Equal(TimeSpan.FromSeconds(1), transcript.AudioDuration);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("Bearer " + Key, request.Authorization);
        Assert.Equal("test-transcribe", request.Form!["model"].ToString());
        Assert.Contains("my order number is digits", request.Form["prompt"].ToString(), StringComparison.Ordinal);
        var bytes = request.File!;
        Assert.Equal("RIFF", System.Text.Encoding.ASCII.GetString(bytes, 0, 4));
        Assert.Equal(16_000, BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(24)));
        Assert.Equal(44 + (16_000 * 2), bytes.Length);
        Assert.Equal(1234, BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(44)));
    }

    [Fact]
    public async Task Transient_failures_are_retried_until_one_succeeds()
    {
        var attempts = 0;
        _server.Transcribe = (context, _) =>
        {
            if (Interlocked.Increment(ref attempts) < 3)
            {
                context.Response.StatusCode = StatusCodes.Status503ServiceUnavailable;
                return Task.CompletedTask;
            }

            return context.Response.WriteAsJsonAsync(new { text = "yes" });
        };

        var transcript = await TranscribeAsync(Create(), 3200, RecognitionHints.None);

        Assert.Equal("yes", transcript.Text);
        Assert.Equal(3, attempts);
    }

    [Fact]
    public async Task A_service_that_keeps_failing_raises_a_transient_provider_error_after_all_attempts()
    {
        _server.Transcribe = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status500InternalServerError;
            return context.Response.WriteAsync("model overloaded");
        };

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => TranscribeAsync(Create(), 3200, RecognitionHints.None));

        Assert.True(error.IsTransient);
        Assert.Equal("openai-stt", error.Provider);
        Assert.Contains("model overloaded", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _server.Requests.Count);
    }

    [Fact]
    public async Task A_refused_request_is_not_retried_and_the_key_never_appears_in_the_error()
    {
        _server.Transcribe = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status401Unauthorized;
            return context.Response.WriteAsync("invalid api key");
        };

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => TranscribeAsync(Create(), 3200, RecognitionHints.None));

        Assert.False(error.IsTransient);
        Assert.Single(_server.Requests);
        Assert.DoesNotContain(Key, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_hanging_service_times_out_each_attempt()
    {
        _server.Transcribe = (context, _) => Task.Delay(Timeout.Infinite, context.RequestAborted);
        var stt = Create(options =>
        {
            options.AttemptTimeout = TimeSpan.FromMilliseconds(300);
            options.MaxRetries = 1;
        });

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => TranscribeAsync(stt, 3200, RecognitionHints.None));

        Assert.True(error.IsTransient);
        Assert.Contains("no response", error.Message, StringComparison.Ordinal);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task A_response_that_is_not_json_is_a_clear_error()
    {
        _server.Transcribe = (context, _) => context.Response.WriteAsync("<html>gateway</html>");

        var error = await Assert.ThrowsAsync<SpeechProviderException>(() => TranscribeAsync(Create(), 3200, RecognitionHints.None));

        Assert.Contains("not a transcription", error.Message, StringComparison.Ordinal);
    }

    private OpenAiSpeechToText Create(Action<OpenAiSpeechOptions>? configure = null)
    {
        var options = new OpenAiSpeechOptions
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = Key,
            TranscriptionModel = "test-transcribe",
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return new OpenAiSpeechToText(_http, Options.Create(options));
    }

    private static async Task<Transcript> TranscribeAsync(OpenAiSpeechToText stt, int samples, RecognitionHints hints)
    {
        await using var session = await stt.StartSessionAsync(hints);
        var frame = new short[AudioFormat.FrameSamples];
        frame[0] = 1234;
        for (var sent = 0; sent < samples; sent += frame.Length)
        {
            await session.PushAsync(frame);
            frame[0] = 0;
        }

        return await session.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }
}
