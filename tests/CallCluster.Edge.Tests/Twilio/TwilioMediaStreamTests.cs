using CallCluster.Edge.Calls;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Tests.Support;
using CallCluster.Media.Codecs.G711;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Twilio;

/// <summary>The Twilio Media Streams endpoint over a real WebSocket, with real G.711 and real pacing.</summary>
public sealed class TwilioMediaStreamTests
{
    [Fact]
    public async Task The_start_message_becomes_a_call_with_the_callers_numbers_from_the_custom_parameters()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);

        await client.SendConnectedAsync();
        await client.SendStartAsync(from: "+15550123", to: "+15550987");
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(TwilioTestClient.CallSid, session.Call.CallId);
        Assert.Equal("+15550123", session.Call.Caller);
        Assert.Equal("+15550987", session.Call.Callee);
        Assert.Equal(DtmfCapability.Provider, session.Call.Dtmf);
    }

    [Fact]
    public async Task Inbound_mulaw_reaches_the_handler_as_16kHz_frames_of_the_same_tone()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var tone = Audio.Tone(frequencyHz: 1000, frames: 10);
        using var encoder = G711Codec.Pcmu.CreateEncoder();
        var mulaw = new byte[160];
        foreach (var frame in tone)
        {
            Assert.Equal(160, encoder.Encode(frame, mulaw));
            await client.SendMediaAsync(mulaw);
        }

        // Half a frame, then the other half: the edge regroups partial chunks into whole frames.
        await client.SendMediaAsync(mulaw.AsSpan(0, 80));
        await client.SendMediaAsync(mulaw.AsSpan(80));

        await session.WaitForAsync(e => e.Count(x => x.StartsWith("audio", StringComparison.Ordinal)) == 11, "11 caller frames");
        var frames = session.CallerFrames;
        Assert.All(frames, f => Assert.Equal(AudioFormat.SamplesPerFrame, f.Length));

        // Past the resampler's ramp-up, each 20 ms frame of a 1 kHz tone holds 20 cycles: about 40 zero crossings.
        foreach (var frame in frames.Skip(2))
        {
            Assert.InRange(Audio.ZeroCrossings(frame), 36, 44);
            Assert.InRange(Audio.Rms(frame), 3000, 8000);
        }
    }

    [Fact]
    public async Task Agent_audio_goes_out_paced_as_mulaw_media_followed_by_its_mark_whose_echo_reaches_the_handler()
    {
        var tone = new ToneResponder(frequencyHz: 500, duration: TimeSpan.FromSeconds(1));
        var handler = new ForwardingHandler(tone);
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();

        var (mark, media) = await client.NextEventAsync("mark");

        Assert.Equal(ToneResponder.ToneEndMark, mark.MarkName);
        Assert.Equal(50, media.Count);
        Assert.All(media, m => Assert.Equal("media", m.Event));
        Assert.All(media, m => Assert.Equal(TwilioTestClient.StreamSid, m.Json.GetProperty("streamSid").GetString()));
        using var decoder = G711Codec.Pcmu.CreateDecoder();
        var decoded = new short[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < media.Count; i++)
        {
            var payload = media[i].MediaPayload;
            Assert.Equal(160, payload.Length);
            decoder.Decode(payload, decoded);

            // Past the decoder's resampler ramp-up, a 500 Hz tone crosses zero 20 times per 20 ms frame.
            if (i >= 2)
            {
                Assert.InRange(Audio.ZeroCrossings(decoded), 17, 23);
            }
        }

        // 50 frames sent as fast as possible would arrive within a few ms; paced, they span 49 × 20 ms. The bound is
        // loose because a stalled first tick shortens the span, and a test never claims speed, only pacing.
        var span = media[^1].At - media[0].At;
        Assert.True(span >= TimeSpan.FromMilliseconds(700), $"50 frames arrived within {span.TotalMilliseconds} ms: not paced.");

        await client.SendMarkAsync(ToneResponder.ToneEndMark);
        await handler.Session.WaitForAsync(e => e.Contains("mark tone-end Played"), "the echoed mark to reach the handler");
    }

    [Fact]
    public async Task Clear_from_the_handler_sends_clear_drops_the_queued_audio_and_reports_its_mark_cleared()
    {
        var handler = new RecordingHandler
        {
            OnDtmf = async session =>
            {
                var last = session.Events[^1];
                if (last == "dtmf 9")
                {
                    // Ten seconds of audio: far more than plays before the clear.
                    var frame = new short[AudioFormat.SamplesPerFrame];
                    Array.Fill(frame, (short)4000);
                    for (var i = 0; i < 500; i++)
                    {
                        await session.Channel.SendAudioAsync(frame, default);
                    }

                    session.Channel.Mark("answer-end");
                }
                else if (last == "dtmf 1")
                {
                    session.Channel.ClearPlayout();
                    Assert.Equal(0, ((EdgeCall)session.Channel).QueuedPlayoutFrames);
                    session.Channel.Mark("after-clear");
                }
            },
        };
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await client.SendDtmfAsync('9');
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal("media", (await client.NextAsync())!.Event);
        }

        await client.SendDtmfAsync('1');
        var (_, beforeClear) = await client.NextEventAsync("clear");
        var (afterClearMark, afterClear) = await client.NextEventAsync("mark");

        Assert.All(beforeClear, m => Assert.Equal("media", m.Event));
        Assert.True(beforeClear.Count < 400, $"{beforeClear.Count} frames played before the clear: the clear waited for the queue.");
        Assert.Equal("after-clear", afterClearMark.MarkName);
        Assert.True(afterClear.Count <= 1, $"{afterClear.Count} media messages came after the clear (at most the one in flight may).");
        await session.WaitForAsync(e => e.Contains("mark answer-end Cleared"), "the unreached mark to be reported cleared");
    }

    [Fact]
    public async Task Dtmf_reaches_the_handler_and_stop_ends_the_call_as_the_caller()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await client.SendDtmfAsync('5');
        await client.SendDtmfAsync('#');
        await client.SendStopAsync();

        await session.WaitForAsync(e => e.Contains("ended Caller stop"), "the call to end");
        Assert.Equal(["dtmf 5", "dtmf #", "ended Caller stop"], session.Events);
        await client.WaitForCloseAsync();
    }

    [Fact]
    public async Task A_malformed_message_is_skipped_and_the_call_goes_on()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await client.SendAsync("{\"event\":\"media\",\"media\":{\"payload\":\"%%%\"}}");
        await client.SendAsync("{not json");
        await client.SendDtmfAsync('7');

        await session.WaitForAsync(e => e.Contains("dtmf 7"), "the digit after the bad messages");
        Assert.Equal(["dtmf 7"], session.Events);
    }

    [Fact]
    public async Task The_handler_hanging_up_closes_the_stream()
    {
        var handler = new RecordingHandler { OnDtmf = s => s.Channel.HangUpAsync(default) };
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await client.SendDtmfAsync('0');

        await client.WaitForCloseAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.NormalClosure, client.CloseStatus);
        await session.WaitForAsync(e => e.Contains("ended Agent hangup"), "the call to end as the agent's hang-up");
    }

    [Fact]
    public async Task Transfer_over_a_media_stream_is_refused_with_the_reason()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var error = await Assert.ThrowsAsync<NotSupportedException>(
            () => session.Channel.TransferAsync(new TransferRequest("+15550111", Blind: true), default).AsTask());
        Assert.Contains("REST API", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_plain_http_request_gets_400_saying_a_websocket_was_expected()
    {
        await using var server = await TwilioEdgeServer.StartAsync(new EchoResponder());
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var response = await http.GetAsync(TwilioEdgeServer.Path, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_echo_responder_sends_the_callers_audio_back()
    {
        await using var server = await TwilioEdgeServer.StartAsync(new EchoResponder());
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();

        using var encoder = G711Codec.Pcmu.CreateEncoder();
        var mulaw = new byte[160];
        foreach (var frame in Audio.Tone(frequencyHz: 1000, frames: 10))
        {
            encoder.Encode(frame, mulaw);
            await client.SendMediaAsync(mulaw);
        }

        using var decoder = G711Codec.Pcmu.CreateDecoder();
        var decoded = new short[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < 10; i++)
        {
            var media = (await client.NextAsync())!;
            Assert.Equal("media", media.Event);
            decoder.Decode(media.MediaPayload, decoded);
            if (i >= 3)
            {
                Assert.InRange(Audio.ZeroCrossings(decoded), 36, 44);
            }
        }
    }

    [Fact]
    public async Task A_stream_that_never_starts_is_closed_after_the_start_timeout()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler, o => o.StartTimeout = TimeSpan.FromMilliseconds(300));
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendConnectedAsync();

        await client.WaitForCloseAsync();
        Assert.False(handler.Accepted.IsCompleted);
    }

    [Fact]
    public async Task A_start_without_a_call_sid_is_refused_with_the_reason()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);

        await client.SendAsync("""{"event":"start","streamSid":"MZ1","start":{"streamSid":"MZ1"}}""");

        await client.WaitForCloseAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);
        Assert.Equal("start lacks callSid or streamSid", client.CloseStatusDescription);
        Assert.False(handler.Accepted.IsCompleted);
    }

    [Fact]
    public async Task A_stream_in_another_audio_format_is_refused_with_the_reason()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);

        await client.SendAsync("""
            {"event":"start","streamSid":"MZ1","start":{"callSid":"CA1","streamSid":"MZ1",
             "mediaFormat":{"encoding":"audio/x-l16","sampleRate":16000,"channels":1} } }
            """);

        await client.WaitForCloseAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InvalidPayloadData, client.CloseStatus);
        Assert.Contains("expected audio/x-mulaw/8000/1", client.CloseStatusDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_call_the_handler_rejects_closes_the_stream()
    {
        var handler = new RecordingHandler { RejectWith = new InvalidOperationException("no capacity") };
        await using var server = await TwilioEdgeServer.StartAsync(handler);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);

        await client.SendStartAsync();

        await client.WaitForCloseAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.InternalServerError, client.CloseStatus);
        Assert.Equal("call rejected", client.CloseStatusDescription);
    }

    [Fact]
    public async Task A_message_larger_than_the_limit_closes_the_stream_as_too_big()
    {
        var handler = new RecordingHandler();
        await using var server = await TwilioEdgeServer.StartAsync(handler, o => o.MaxMessageBytes = 8192);
        await using var client = await TwilioTestClient.ConnectAsync(server.StreamUri);
        await client.SendStartAsync();
        var session = await handler.Accepted.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        await client.SendAsync($$"""{"event":"unknown","filler":"{{new string('x', 20_000)}}"}""");

        await client.WaitForCloseAsync();
        Assert.Equal(System.Net.WebSockets.WebSocketCloseStatus.MessageTooBig, client.CloseStatus);
        await session.WaitForAsync(e => e.Contains("ended Edge websocket-closed"), "the call to end");
    }

    /// <summary>Lets a test reach the session of a real responder by recording its events on the side.</summary>
    private sealed class ForwardingHandler(ICallMediaHandler inner) : ICallMediaHandler
    {
        private readonly RecordingHandler _recorder = new();

        public RecordingHandler.RecordingSession Session => _recorder.Accepted.Result;

        public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
        {
            var real = await inner.AcceptCallAsync(call, channel, cancellationToken);
            var recording = await _recorder.AcceptCallAsync(call, channel, cancellationToken);
            return new Tee(real, recording);
        }

        private sealed class Tee(ICallMediaSession first, ICallMediaSession second) : ICallMediaSession
        {
            public async ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
            {
                await first.OnCallerAudioAsync(frame, cancellationToken);
                await second.OnCallerAudioAsync(frame, cancellationToken);
            }

            public async ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken)
            {
                await first.OnDtmfAsync(digit, cancellationToken);
                await second.OnDtmfAsync(digit, cancellationToken);
            }

            public async ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
            {
                await first.OnPlayoutMarkAsync(mark, cancellationToken);
                await second.OnPlayoutMarkAsync(mark, cancellationToken);
            }

            public async ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
            {
                await first.OnCallEndedAsync(end, cancellationToken);
                await second.OnCallEndedAsync(end, cancellationToken);
            }
        }
    }
}
