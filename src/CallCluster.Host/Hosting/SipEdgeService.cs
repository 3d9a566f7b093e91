using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Silo.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CallCluster.Host.Hosting;

/// <summary>Runs the <see cref="SipEdge"/> with the host: listening once the cluster client is connected, and on stop
/// hanging up its calls (BYE) before the client and silo go.</summary>
internal sealed class SipEdgeService(EdgeNodeOptions options, EdgeCallFactory calls, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, ILiveCallSource, IAsyncDisposable
{
    private SipEdge? _edge;

    public string Line => "sip";

    public IReadOnlyList<string> LiveCallIds => _edge is null ? [] : [.. _edge.Calls.Select(c => c.CallId)];

    /// <summary>The bound UDP endpoint (the real port when 0 was asked for).</summary>
    public System.Net.IPEndPoint? EndPoint => _edge?.EndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        _edge = new SipEdge(
            new SipEdgeOptions { ListenAddress = options.Sip.Address.ToString(), Port = options.Sip.Port },
            calls,
            time,
            loggers);
        await _edge.StartAsync();
    }

    public async Task StopAsync(CancellationToken cancellationToken) => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        var edge = Interlocked.Exchange(ref _edge, null);
        if (edge is not null)
        {
            await edge.DisposeAsync();
        }
    }
}
