using CallCluster.Edge.Playout;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Calls;

/// <summary>Creates <see cref="EdgeCall"/>s wired to this edge's handler and playout clock; transports use it per call.</summary>
public sealed class EdgeCallFactory
{
    private readonly ICallMediaHandler _handler;
    private readonly PlayoutScheduler _scheduler;
    private readonly EdgeOptions _options;
    private readonly PlayoutOptions _playoutOptions;
    private readonly ICallAudioTapFactory? _tapFactory;
    private readonly ILogger<EdgeCall> _logger;

    public EdgeCallFactory(
        ICallMediaHandler handler,
        PlayoutScheduler scheduler,
        IOptions<EdgeOptions> options,
        IOptions<PlayoutOptions> playoutOptions,
        ILogger<EdgeCall> logger,
        ICallAudioTapFactory? tapFactory = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(playoutOptions);
        _handler = handler;
        _scheduler = scheduler;
        _options = options.Value;
        _playoutOptions = playoutOptions.Value;
        _tapFactory = tapFactory;
        _logger = logger;
    }

    /// <summary>A call not yet offered to the handler: call <see cref="EdgeCall.StartAsync"/> next.</summary>
    public EdgeCall Create(CallStartInfo call, ICallTransport transport)
    {
        ArgumentNullException.ThrowIfNull(call);
        ArgumentNullException.ThrowIfNull(transport);
        return new EdgeCall(call, transport, _handler, _scheduler, _options, _playoutOptions, CreateTap(call), _logger);
    }

    private ICallAudioTap? CreateTap(CallStartInfo call)
    {
        try
        {
            return _tapFactory?.Create(call);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // A full disk or a read-only folder must not cost the caller the call; the recording is lost and said so.
            _logger.LogError(e, "Could not start recording call {CallId}; the call goes on unrecorded.", call.CallId);
            return null;
        }
    }
}
