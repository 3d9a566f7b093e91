using CallCluster.Speech.Abstractions;
using CallCluster.Speech.OpenAi;
using CallCluster.Testing;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.OpenAi;

public sealed class OpenAiTextToSpeechTests : IAsyncLifetime
{
    private static readonly TimeSpan Generous = TimeSpan.FromSeconds(60);
    private FakeOpenAiServer _server = null!;
    private readonly HttpClient _http = new();

    public async ValueTask InitializeAsync() => _server = await FakeOpenAiServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task Streams_24_kHz_pcm_as_16_kHz_chunks_before_the_response_ends()
    {
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Speak = async (context, _) =>
        {
            await context.Response.Body.WriteAsync(Tone(24_000), context.RequestAborted); // first second
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await release.Task.WaitAsync(context.RequestAborted);
            await context.Response.Body.WriteAsync(Tone(24_000), context.RequestAborted); // second second
        };
        var tts = Create();
        var samples = 0;
        var chunksBeforeRelease = 0;

        await foreach (var chunk in tts.SynthesizeAsync("Your refund is on its way."))
        {
            using (chunk)
            {
                samples += chunk.Length;
                if (!release.Task.IsCompleted)
                {
                    chunksBeforeRelease++;
                    if (samples > 8_000)
                    {
                        release.TrySetResult();
                    }
                }
            }
        }

        Assert.True(chunksBeforeRelease > 0, "audio arrived while the server was still synthesising");
        Assert.InRange(samples, 32_000 - 200, 32_000 + 10);
        var request = Assert.Single(_server.Requests);
        Assert.Equal("pcm", request.Json!.Value.GetProperty("response_format").GetString());
        Assert.Equal("Your refund is on its way.", request.Json.Value.GetProperty("input").GetString());
        Assert.Equal("test-voice", request.Json.Value.GetProperty("voice").GetString());
    }

    [Fact]
    public async Task Cancelling_stops_the_stream_and_aborts_the_request()
    {
        var aborted = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _server.Speak = async (context, _) =>
        {
            context.RequestAborted.Register(() => aborted.TrySetResult());
            await context.Response.Body.WriteAsync(Tone(4_800), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        using var cancellation = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var chunk in Create().SynthesizeAsync("Hello.", cancellation.Token))
            {
                chunk.Dispose();
                await cancellation.CancelAsync();
            }
        });

        await Eventually.WithinAsync(aborted.Task, Generous, "the server to see the request aborted");
    }

    [Fact]
    public async Task A_stalled_stream_is_a_transient_provider_error()
    {
        _server.Speak = async (context, _) =>
        {
            await context.Response.Body.WriteAsync(Tone(4_800), context.RequestAborted);
            await context.Response.Body.FlushAsync(context.RequestAborted);
            await Task.Delay(Timeout.Infinite, context.RequestAborted);
        };
        var tts = Create(options => options.StreamStallTimeout = TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var chunk in tts.SynthesizeAsync("Hello."))
            {
                chunk.Dispose();
            }
        });

        Assert.True(error.IsTransient);
        Assert.Contains("stalled", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unknown_voice_is_a_clear_permanent_error()
    {
        _server.Speak = (context, _) =>
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            return context.Response.WriteAsync("{\"error\":{\"message\":\"unknown voice\"}}");
        };

        var error = await Assert.ThrowsAsync<SpeechProviderException>(async () =>
        {
            await foreach (var chunk in Create().SynthesizeAsync("Hello."))
            {
                chunk.Dispose();
            }
        });

        Assert.False(error.IsTransient);
        Assert.Contains("unknown voice", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    private OpenAiTextToSpeech Create(Action<OpenAiSpeechOptions>? configure = null)
    {
        var options = new OpenAiSpeechOptions
        {
            BaseUrl = _server.BaseUrl,
            ApiKey = "sk-test",
            Voice = "test-voice",
            RetryDelay = TimeSpan.FromMilliseconds(10),
        };
        configure?.Invoke(options);
        return new OpenAiTextToSpeech(_http, Options.Create(options));
    }

    /// <summary>A 440 Hz tone as 24 kHz 16-bit little-endian PCM.</summary>
    private static byte[] Tone(int samples)
    {
        var bytes = new byte[samples * 2];
        for (var i = 0; i < samples; i++)
        {
            var value = (short)(8000 * Math.Sin(2 * Math.PI * 440 * i / 24_000.0));
            bytes[2 * i] = (byte)value;
            bytes[(2 * i) + 1] = (byte)(value >> 8);
        }

        return bytes;
    }
}
