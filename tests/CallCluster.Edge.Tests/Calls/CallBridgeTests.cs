using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Tests.Playout;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Frames;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Calls;

/// <summary>Two calls joined at the media seam, on a manual playout clock.</summary>
public sealed class CallBridgeTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly PlayoutScheduler _scheduler;

    public CallBridgeTests() =>
        _scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), _time, NullLogger<PlayoutScheduler>.Instance);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task Each_callers_audio_plays_on_the_other_line_and_unbridging_gives_both_back_to_their_handlers()
    {
        var (a, lineA, handlerA) = await StartAsync("a");
        var (b, lineB, handlerB) = await StartAsync("b");
        var sessionA = await handlerA.Accepted;
        // Frame 98 starts a spurt and goes out at once; frame 99 and the mark behind it are still queued.
        await sessionA.Channel.SendAudioAsync(Frames.Filled(98), TestContext.Current.CancellationToken);
        await sessionA.Channel.SendAudioAsync(Frames.Filled(99), TestContext.Current.CancellationToken);
        sessionA.Channel.Mark("before-bridge");

        using (var bridge = CallBridge.Connect(a, b))
        {
            Assert.True(a.IsBridged && b.IsBridged);
            await sessionA.WaitForAsync(e => e.Contains("mark before-bridge Cleared"), "the agent's queued audio to be dropped");
            Assert.True(a.PostCallerAudio(Frames.Filled(7)));
            Assert.True(b.PostCallerAudio(Frames.Filled(9)));
            await sessionA.Channel.SendAudioAsync(Frames.Filled(55), TestContext.Current.CancellationToken);
            Tick(2);

            Assert.Equal(["clear", "frame 7", "silence"], lineB.Events); // joining drops what the agent had queued
            Assert.Contains("frame 9", lineA.Events);
            Assert.DoesNotContain("frame 99", lineA.Events);
            Assert.DoesNotContain("frame 55", lineA.Events);
            Assert.DoesNotContain(sessionA.Events, e => e.StartsWith("audio", StringComparison.Ordinal));
        }

        Assert.False(a.IsBridged || b.IsBridged);
        a.PostCallerAudio(Frames.Filled(3));
        await sessionA.WaitForAsync(e => e.Contains("audio 3"), "the caller's audio back at its own handler");
        await sessionA.Channel.SendAudioAsync(Frames.Filled(4), TestContext.Current.CancellationToken);
        Tick(1);
        Assert.Equal("frame 4", lineA.Events[^1]);
        Assert.Equal("silence", lineB.Events[^1]);
        Assert.Empty((await handlerB.Accepted).CallerFrames);
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task A_call_ending_separates_the_bridge_and_the_other_call_goes_on_with_its_handler()
    {
        var (a, _, _) = await StartAsync("a");
        var (b, lineB, handlerB) = await StartAsync("b");
        var bridge = CallBridge.Connect(a, b);

        a.End(new CallEnd(CallEndedBy.Caller, "bye"));

        Assert.Equal("ended", await bridge.Completion.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.False(b.IsBridged);
        var sessionB = await handlerB.Accepted;
        b.PostCallerAudio(Frames.Filled(5));
        await sessionB.WaitForAsync(e => e.Contains("audio 5"), "B's caller back at B's handler");
        Assert.DoesNotContain(sessionB.Events, e => e.StartsWith("ended", StringComparison.Ordinal));
        Assert.DoesNotContain("frame 5", lineB.Events);
        bridge.Dispose();
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    [Fact]
    public async Task Bridging_a_call_twice_or_to_itself_or_after_its_end_is_refused()
    {
        var (a, _, _) = await StartAsync("a");
        var (b, _, _) = await StartAsync("b");
        var (c, _, _) = await StartAsync("c");

        Assert.Throws<InvalidOperationException>(() => CallBridge.Connect(a, a));
        using var bridge = CallBridge.Connect(a, b);
        var twice = Assert.Throws<InvalidOperationException>(() => CallBridge.Connect(c, b));
        Assert.Contains("already bridged", twice.Message, StringComparison.Ordinal);
        Assert.False(c.IsBridged);
        c.End(new CallEnd(CallEndedBy.Caller, "bye"));
        Assert.Contains("ended", Assert.Throws<InvalidOperationException>(() => CallBridge.Connect(c, a)).Message, StringComparison.Ordinal);
        await a.DisposeAsync();
        await b.DisposeAsync();
        await c.DisposeAsync();
    }

    [Fact]
    public async Task A_bursty_peer_cannot_build_up_delay_beyond_the_bridge_queue_cap()
    {
        var (a, _, _) = await StartAsync("a");
        var (b, lineB, _) = await StartAsync("b");
        using var bridge = CallBridge.Connect(a, b);

        for (short i = 1; i <= 20; i++)
        {
            a.PostCallerAudio(Frames.Filled(i));
        }

        Tick(20);

        // The first frame goes out at once (it starts a spurt), so it never waits in the queue; the cap's worth follow.
        var played = lineB.Events.Where(e => e.StartsWith("frame", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(1, new EdgeOptions().MaxBridgeQueuedFrames + 1).Select(i => $"frame {i}"), played);
        await a.DisposeAsync();
        await b.DisposeAsync();
    }

    private async Task<(EdgeCall Call, FakeTransport Line, RecordingHandler Handler)> StartAsync(string id)
    {
        var handler = new RecordingHandler();
        var factory = new EdgeCallFactory(handler, _scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance);
        var line = new FakeTransport();
        var call = factory.Create(new CallStartInfo(id, "caller", "agent", "PCMU/8000", DtmfCapability.None, new Dictionary<string, string>(StringComparer.Ordinal)), line);
        line.Call = call;
        await call.StartAsync(TestContext.Current.CancellationToken);
        return (call, line, handler);
    }

    private void Tick(int count)
    {
        for (var i = 0; i < count; i++)
        {
            _time.Advance(AudioFormat.FrameDuration);
            _scheduler.RunDueTicks(_time.GetTimestamp());
        }
    }
}
