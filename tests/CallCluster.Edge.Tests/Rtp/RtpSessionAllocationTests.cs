using System.Net;
using CallCluster.Edge.Rtp;
using CallCluster.Edge.Tests.Support;
using CallCluster.Sip.Sdp;
using CallCluster.Testing;
using Microsoft.Extensions.Logging.Abstractions;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>The playout-thread side of an RTP session (encode, send, jitter-buffer tick, decode) allocates nothing per frame.</summary>
public sealed class RtpSessionAllocationTests
{
    [Fact]
    public async Task Ticking_a_call_with_audio_both_ways_allocates_nothing()
    {
        // RTCP (records, once per interval) is pushed out of the measured window.
        var options = new RtpSessionOptions { RtcpInterval = TimeSpan.FromHours(1) };
        var ports = new RtpPortAllocator(options);
        await using var a = RtpSession.Open(options, ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);
        await using var b = RtpSession.Open(options, ports, IPAddress.Loopback, TimeProvider.System, NullLogger.Instance);
        a.Configure(new NegotiatedMedia(AudioCodec.Pcmu, 0, 101, "127.0.0.1", b.LocalEndPoint.Port, MediaDirection.SendRecv, 20));
        b.Configure(new NegotiatedMedia(AudioCodec.Pcmu, 0, 101, "127.0.0.1", a.LocalEndPoint.Port, MediaDirection.SendRecv, 20));
        var quiet = new NullListener();
        a.Start(quiet);
        b.Start(quiet);
        var tone = Audio.Tone(440, 1)[0];

        // Warm up: codec state, jitter-buffer slots, socket address caches.
        for (var i = 0; i < 100; i++)
        {
            a.Tick(tone, false);
            b.Tick(tone, false);
        }

        await Eventually.TrueAsync(() => b.Statistics.PacketsReceived >= 100, TimeSpan.FromSeconds(20), "the warm-up packets");
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 500; i++)
        {
            a.Tick(tone, false);
            b.Tick(tone, false);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    private sealed class NullListener : IRtpSessionListener
    {
        public void OnCallerFrame(ReadOnlySpan<short> frame)
        {
            // Deliberately nothing: the test measures the session, not a consumer.
        }

        public void OnDigit(char digit)
        {
        }

        public void OnInactive()
        {
        }
    }
}
