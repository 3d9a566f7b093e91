using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Speech.Tests.OpenAi;

/// <summary>
/// A real Kestrel server on 127.0.0.1 speaking the OpenAI audio API shape. Each test scripts its behaviour through
/// <see cref="Transcribe"/> and <see cref="Speak"/>; requests are recorded for assertions.
/// </summary>
public sealed class FakeOpenAiServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private FakeOpenAiServer(WebApplication app) => _app = app;

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    /// <summary>Answers a transcription request; the default returns a fixed text.</summary>
    public Func<HttpContext, IFormCollection, Task> Transcribe { get; set; } =
        (context, _) => context.Response.WriteAsJsonAsync(new { text = "i want a refund" });

    /// <summary>Answers a speech request; the default returns 100 ms of 24 kHz PCM.</summary>
    public Func<HttpContext, JsonElement, Task> Speak { get; set; } =
        (context, _) => context.Response.Body.WriteAsync(new byte[4800]).AsTask();

    public Uri BaseUrl { get; private set; } = null!;

    public static async Task<FakeOpenAiServer> StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var server = new FakeOpenAiServer(app);
        app.MapPost("/v1/audio/transcriptions", async context =>
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            using var file = new MemoryStream();
            if (form.Files["file"] is { } upload)
            {
                await upload.CopyToAsync(file, context.RequestAborted);
            }

            server.Requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.Headers.Authorization.ToString(), form, null, file.ToArray()));
            await server.Transcribe(context, form);
        });
        app.MapPost("/v1/audio/speech", async context =>
        {
            var body = await JsonSerializer.DeserializeAsync<JsonElement>(context.Request.Body, cancellationToken: context.RequestAborted);
            server.Requests.Enqueue(new RecordedRequest(context.Request.Path, context.Request.Headers.Authorization.ToString(), null, body, null));
            await server.Speak(context, body);
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        server.BaseUrl = new Uri(address.TrimEnd('/') + "/v1/");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    public sealed record RecordedRequest(string Path, string Authorization, IFormCollection? Form, JsonElement? Json, byte[]? File);
}
