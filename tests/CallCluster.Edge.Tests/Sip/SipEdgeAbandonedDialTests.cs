using CallCluster.Edge.Calls;
using CallCluster.Edge.Sip;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Messages;
using CallCluster.Testing;

namespace CallCluster.Edge.Tests.Sip;

/// <summary>A placed call given up after the answer but before its handler accepted it: the edge hangs it up.</summary>
public sealed class SipEdgeAbandonedDialTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_call_given_up_while_its_handler_is_accepting_is_hung_up_even_if_the_handler_accepts_later()
    {
        var callee = new RecordingHandler();
        await using var far = await SipEdgeHost.StartAsync(callee);
        var handler = new GatedHandler(new RecordingHandler());
        await using var near = await SipEdgeHost.StartAsync(handler, o => o.Trunks.Add(new SipTrunkOptions
        {
            Name = "far", OutboundHost = "127.0.0.1", OutboundPort = far.Port,
        }));
        using var abandon = new CancellationTokenSource();
        var dial = near.Edge.PlaceCallAsync(SipUri.Parse($"sip:agent@127.0.0.1:{far.Port}"), "far", abandon.Token);
        await Eventually.WithinAsync(handler.Accepting.Task, Wait, "the answered call to reach the handler");

        await abandon.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => dial.WaitAsync(Wait));
        handler.Open();

        var farSession = await Eventually.WithinAsync(callee.Accepted, Wait, "the far end's call");
        await farSession.WaitForAsync(events => events.Contains("ended Caller bye"), "the far end to be hung up");
        await Eventually.TrueAsync(() => near.Edge.Calls.Count == 0 && near.Edge.UserAgent.ActiveCalls == 0, Wait, "the near call to end");
    }

    /// <summary>Holds every accept until <see cref="Open"/>, then accepts through <paramref name="inner"/>.</summary>
    private sealed class GatedHandler(RecordingHandler inner) : ICallMediaHandler
    {
        private readonly TaskCompletionSource _gate = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Accepting { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Open() => _gate.TrySetResult();

        public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
        {
            Accepting.TrySetResult();
            await _gate.Task.WaitAsync(cancellationToken);
            return await inner.AcceptCallAsync(call, channel, cancellationToken);
        }
    }
}
