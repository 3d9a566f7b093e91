using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Tests.Playout;
using CallCluster.Edge.Tests.Support;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Calls;

/// <summary>
/// An agent turn's first frame through the <see cref="EdgeCall"/>: out at once, its start mark confirmed right after,
/// and the recording still one agent frame per tick. The scheduler's one shard is stepped by hand in the threaded
/// loop's order.
/// </summary>
public sealed class EdgeCallEarlyFrameTests : IDisposable
{
    private static readonly CallStartInfo Info = new(
        "call-1", "+15550100", "+15550199", "PCMU/8000", DtmfCapability.Rfc4733, new Dictionary<string, string>(StringComparer.Ordinal));

    private readonly PlayoutScheduler _scheduler = new(
        Options.Create(new PlayoutOptions { Shards = 1 }), new ManualTimeProvider(), NullLogger<PlayoutScheduler>.Instance);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task The_first_frame_goes_out_at_once_its_mark_is_played_and_the_recording_keeps_one_frame_per_tick()
    {
        var handler = new RecordingHandler();
        var tap = new AgentFrameTap();
        var factory = new EdgeCallFactory(
            handler, _scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()),
            NullLogger<EdgeCall>.Instance, new SingleTapFactory(tap));
        var transport = new FakeTransport { SendsEarly = true };
        var call = factory.Create(Info, transport);
        transport.Call = call;
        await call.StartAsync(TestContext.Current.CancellationToken);
        var session = await handler.Accepted;

        // With one shard, the shard of any registration is the call's.
        using var probe = new PlayoutBuffer(1);
        using var probeRegistration = _scheduler.Register(probe, new RecordingSink());
        var shard = probeRegistration.Shard!;
        shard.Prepare();
        NextTick(shard);

        await session.Channel.SendAudioAsync(Frames.Filled(1), TestContext.Current.CancellationToken);
        session.Channel.Mark("start");
        await session.Channel.SendAudioAsync(Frames.Filled(2), TestContext.Current.CancellationToken);
        Assert.Equal(["silence", "silence", "now 1", "mark start"], transport.Events);
        await session.WaitForAsync(e => e.Contains("mark start Played"), "the start mark to be reported played");

        NextTick(shard);
        NextTick(shard);
        Assert.Equal(["silence", "silence", "now 1", "mark start", "frame 2", "silence"], transport.Events);

        // Four ticks prepared: silence, frame 1 in the second tick's place, frame 2, and silence not recorded yet.
        Assert.Equal([0, 1, 2], tap.AgentFrames);
        await call.DisposeAsync();
    }

    private static void NextTick(PlayoutShard shard)
    {
        shard.Send();
        shard.Settle();
        shard.Prepare();
    }

    /// <summary>Keeps the first sample of every agent frame the call records.</summary>
    private sealed class AgentFrameTap : ICallAudioTap
    {
        private readonly List<short> _agentFrames = [];

        public IReadOnlyList<short> AgentFrames
        {
            get
            {
                lock (_agentFrames)
                {
                    return [.. _agentFrames];
                }
            }
        }

        public void OnCallerFrame(ReadOnlySpan<short> frame)
        {
            // The caller's side is not under test.
        }

        public void OnAgentFrame(ReadOnlySpan<short> frame)
        {
            lock (_agentFrames)
            {
                _agentFrames.Add(frame[0]);
            }
        }

        public void Dispose()
        {
        }
    }

    private sealed class SingleTapFactory(ICallAudioTap tap) : ICallAudioTapFactory
    {
        public ICallAudioTap? Create(CallStartInfo call) => tap;
    }
}
