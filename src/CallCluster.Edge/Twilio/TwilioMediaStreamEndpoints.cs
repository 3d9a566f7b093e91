using CallCluster.Edge.Calls;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Twilio;

/// <summary>Maps the WebSocket endpoint Twilio's <c>&lt;Connect&gt;&lt;Stream url="wss://…"&gt;</c> connects to.</summary>
public static class TwilioMediaStreamEndpoints
{
    /// <summary>
    /// Serves Twilio Media Streams at <paramref name="pattern"/>: each connection becomes a call to the registered
    /// <see cref="ICallMediaHandler"/>. Needs <c>app.UseWebSockets()</c> and <c>services.AddCallClusterEdge()</c>.
    /// </summary>
    public static IEndpointConventionBuilder MapTwilioMediaStreams(this IEndpointRouteBuilder endpoints, string pattern)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentException.ThrowIfNullOrEmpty(pattern);
        return endpoints.Map(pattern, ServeAsync);
    }

    private static async Task ServeAsync(HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsync(
                "Expected a WebSocket upgrade (Twilio Media Streams). If this was one, the server lacks app.UseWebSockets().",
                context.RequestAborted);
            return;
        }

        var services = context.RequestServices;
        var calls = services.GetRequiredService<EdgeCallFactory>();
        var options = services.GetRequiredService<IOptions<TwilioMediaStreamOptions>>().Value;
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(TwilioMediaStream));
        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        var stream = new TwilioMediaStream(socket, calls, options, logger);
        await stream.RunAsync(context.RequestAborted);
    }
}
