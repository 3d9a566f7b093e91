using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Recording;
using CallCluster.Edge.Sip;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>A real <see cref="SipEdge"/> on a free loopback port with its own running playout clock.</summary>
internal sealed class SipEdgeHost : IAsyncDisposable
{
    private readonly PlayoutScheduler _scheduler;

    private SipEdgeHost(SipEdge edge, PlayoutScheduler scheduler)
    {
        Edge = edge;
        _scheduler = scheduler;
    }

    public SipEdge Edge { get; }

    public int Port => Edge.EndPoint.Port;

    public PlayoutScheduler Scheduler => _scheduler;

    public static async Task<SipEdgeHost> StartAsync(
        ICallMediaHandler handler,
        Action<SipEdgeOptions>? configure = null,
        string? recordingFolder = null,
        ISipTransferee? transferee = null,
        PlayoutOptions? playout = null)
    {
        playout ??= new PlayoutOptions();
        var scheduler = new PlayoutScheduler(Options.Create(playout), TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();
        var factory = new EdgeCallFactory(handler, scheduler, Options.Create(new EdgeOptions()), Options.Create(playout), NullLogger<EdgeCall>.Instance,
            recordingFolder is null ? null : new StereoRecordingTapFactory(Options.Create(new CallRecordingOptions { Directory = recordingFolder })));
        var options = new SipEdgeOptions { Port = 0 };
        configure?.Invoke(options);
        var edge = new SipEdge(options, factory, TimeProvider.System, NullLoggerFactory.Instance);
        if (transferee is not null)
        {
            edge.Transferee = transferee;
        }

        await edge.StartAsync();
        return new SipEdgeHost(edge, scheduler);
    }

    public async ValueTask DisposeAsync()
    {
        await Edge.DisposeAsync();
        _scheduler.Dispose();
    }
}
