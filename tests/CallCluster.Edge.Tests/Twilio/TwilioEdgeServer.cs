using System.Net;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Recording;
using CallCluster.Edge.Twilio;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Tests.Twilio;

/// <summary>A real Kestrel server on 127.0.0.1 with a free port, serving Twilio Media Streams to a test's handler.</summary>
internal sealed class TwilioEdgeServer : IAsyncDisposable
{
    public const string Path = "/twilio/media";

    private readonly WebApplication _app;

    private TwilioEdgeServer(WebApplication app, Uri baseAddress)
    {
        _app = app;
        BaseAddress = baseAddress;
    }

    public Uri BaseAddress { get; }

    public Uri StreamUri => new($"ws://{BaseAddress.Authority}{Path}");

    public IServiceProvider Services => _app.Services;

    public static async Task<TwilioEdgeServer> StartAsync(
        ICallMediaHandler handler,
        Action<TwilioMediaStreamOptions>? configure = null,
        Action<CallRecordingOptions>? configureRecording = null,
        Action<PlayoutOptions>? configurePlayout = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseKestrel(k => k.Listen(IPAddress.Loopback, 0));
        builder.Logging.ClearProviders();
        builder.Services.AddCallClusterEdge();
        builder.Services.AddSingleton(handler);
        builder.Services.Configure<TwilioMediaStreamOptions>(o => configure?.Invoke(o));
        builder.Services.Configure<CallRecordingOptions>(o => configureRecording?.Invoke(o));
        builder.Services.Configure<PlayoutOptions>(o => configurePlayout?.Invoke(o));
        var app = builder.Build();
        app.UseWebSockets();
        app.MapTwilioMediaStreams(Path);
        try
        {
            await app.StartAsync();
        }
        catch
        {
            await app.DisposeAsync();
            throw;
        }

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TwilioEdgeServer(app, new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
