using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Silo.Admin;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Host.Hosting;

/// <summary>Runs the <see cref="SipEdge"/> with the host (options from the "Sip" configuration section, trunks included):
/// listening once the cluster client is connected, and on stop hanging up its calls (BYE) before the client and silo go.</summary>
internal sealed class SipEdgeService(EdgeNodeOptions options, IOptions<SipEdgeOptions> sipOptions, EdgeCallFactory calls, TimeProvider time, ILoggerFactory loggers)
    : IHostedService, ILiveCallSource, IAsyncDisposable
{
    private SipEdge? _edge;

    public string Line => "sip";

    public IReadOnlyList<string> LiveCallIds => _edge is null ? [] : [.. _edge.Calls.Select(c => c.CallId)];

    /// <summary>The bound UDP endpoint (the real port when 0 was asked for).</summary>
    public System.Net.IPEndPoint? EndPoint => _edge?.EndPoint;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Trunks, codecs, caps and timers come from configuration ("Sip" section); where to listen and what to
        // advertise come from the command line, which wins.
        var sip = sipOptions.Value;
        sip.ListenAddress = options.Sip.Address.ToString();
        sip.Port = options.Sip.Port;
        sip.PublicAddress = options.PublicAddress ?? sip.PublicAddress;
        sip.PublicSipPort = options.PublicSipPort ?? sip.PublicSipPort;
        sip.PublicRtpAddress = options.PublicRtpAddress ?? sip.PublicRtpAddress;
        _edge = new SipEdge(sip, calls, time, loggers);
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
