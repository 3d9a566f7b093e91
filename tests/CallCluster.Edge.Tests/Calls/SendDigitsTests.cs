using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Frames;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests.Calls;

/// <summary><see cref="ICallMediaChannel.SendDigitsAsync"/>: out of band when the line can, else in-band tones that spandsp detects.</summary>
public sealed class SendDigitsTests : IDisposable
{
    private readonly ManualTimeProvider _time = new();
    private readonly PlayoutScheduler _scheduler;

    public SendDigitsTests() =>
        _scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), _time, NullLogger<PlayoutScheduler>.Instance);

    public void Dispose() => _scheduler.Dispose();

    [Fact]
    public async Task Without_out_of_band_digits_the_line_plays_dtmf_tones_that_a_detector_reads_back()
    {
        var (call, line, channel) = await StartAsync(outOfBand: false);

        await channel.SendDigitsAsync("159#", TestContext.Current.CancellationToken);
        Tick(call.QueuedPlayoutFrames + 5);

        using var detector = new DtmfDetector();
        Span<char> found = stackalloc char[8];
        var heard = string.Empty;
        foreach (var frame in line.SentFrames)
        {
            heard += found[..detector.Process(frame, found)].ToString();
        }

        Assert.Equal("159#", heard);
        Assert.DoesNotContain(line.Events, e => e.StartsWith("digits", StringComparison.Ordinal));
        await call.DisposeAsync();
    }

    [Fact]
    public async Task A_line_with_telephone_events_takes_the_digits_and_no_tones_are_queued()
    {
        var (call, line, channel) = await StartAsync(outOfBand: true);

        await channel.SendDigitsAsync("42", TestContext.Current.CancellationToken);

        Assert.Contains("digits 42", line.Events);
        Assert.Equal(0, call.QueuedPlayoutFrames);
        await call.DisposeAsync();
    }

    [Fact]
    public async Task A_string_with_a_non_digit_is_refused_before_anything_is_sent()
    {
        var (call, line, channel) = await StartAsync(outOfBand: true);

        await Assert.ThrowsAsync<ArgumentException>(() => channel.SendDigitsAsync("12x", TestContext.Current.CancellationToken).AsTask());

        Assert.Empty(line.Events);
        Assert.Equal(0, call.QueuedPlayoutFrames);
        await call.DisposeAsync();
    }

    private async Task<(EdgeCall Call, FakeTransport Line, ICallMediaChannel Channel)> StartAsync(bool outOfBand)
    {
        var handler = new RecordingHandler();
        var factory = new EdgeCallFactory(handler, _scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance);
        var line = new FakeTransport { SendsDigitsOutOfBand = outOfBand };
        var call = factory.Create(new CallStartInfo("ivr", "agent", "ivr", "PCMU/8000", DtmfCapability.None, new Dictionary<string, string>(StringComparer.Ordinal)), line);
        line.Call = call;
        await call.StartAsync(TestContext.Current.CancellationToken);
        return (call, line, (await handler.Accepted).Channel);
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
