using CallCluster.Edge.Calls;
using CallCluster.Runtime;
using CallCluster.Runtime.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Grains;

/// <summary>
/// The edge's side of a call grain: each accepted call opens a frame stream to <c>ICallGrain(callId)</c> through the
/// cluster client (placement picks the silo) and bridges the edge's call to it.
/// </summary>
public sealed class GrainCallMediaHandler(IClusterClient client, IOptions<GrainCallOptions> options, ILogger<GrainCallMediaHandler> logger) : ICallMediaHandler
{
    private readonly GrainCallOptions _options = (options ?? throw new ArgumentNullException(nameof(options))).Value;

    /// <inheritdoc />
    public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(channel);
        var session = new GrainCallSession(call, channel, client, _options, logger);
        await session.ConnectAsync(reconnect: false, cancellationToken);
        return session;
    }
}
