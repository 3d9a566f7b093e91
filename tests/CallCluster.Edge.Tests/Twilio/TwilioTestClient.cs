using System.Diagnostics;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace CallCluster.Edge.Tests.Twilio;

/// <summary>
/// Plays Twilio's side of a bidirectional Media Stream over a real <see cref="ClientWebSocket"/>: sends the provider's
/// messages and collects what the edge sends back, each stamped with its arrival time.
/// </summary>
internal sealed class TwilioTestClient : IAsyncDisposable
{
    public const string StreamSid = "MZ0123456789abcdef0123456789abcdef";
    public const string CallSid = "CA0123456789abcdef0123456789abcdef";

    private readonly ClientWebSocket _socket = new();
    private readonly Channel<Received> _received = Channel.CreateUnbounded<Received>();
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private Task _receiving = Task.CompletedTask;
    private int _sequence;

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public string? CloseStatusDescription => _socket.CloseStatusDescription;

    public static async Task<TwilioTestClient> ConnectAsync(Uri uri)
    {
        var client = new TwilioTestClient();
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        client._receiving = client.ReceiveLoopAsync();
        return client;
    }

    public Task SendConnectedAsync() => SendAsync("""{"event":"connected","protocol":"Call","version":"1.0.0"}""");

    public Task SendStartAsync(string from = "+15550100", string to = "+15550199") =>
        SendAsync($$$"""
            {"event":"start","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{StreamSid}}}",
             "start":{"accountSid":"AC1","streamSid":"{{{StreamSid}}}","callSid":"{{{CallSid}}}","tracks":["inbound"],
                      "customParameters":{"From":"{{{from}}}","To":"{{{to}}}"},
                      "mediaFormat":{"encoding":"audio/x-mulaw","sampleRate":8000,"channels":1} } }
            """);

    public Task SendMediaAsync(ReadOnlySpan<byte> mulaw) =>
        SendAsync($$$"""
            {"event":"media","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{StreamSid}}}",
             "media":{"track":"inbound","chunk":"{{{_sequence}}}","timestamp":"{{{_sequence * 20}}}","payload":"{{{Convert.ToBase64String(mulaw)}}}"}}
            """);

    public Task SendDtmfAsync(char digit) =>
        SendAsync($$$"""{"event":"dtmf","streamSid":"{{{StreamSid}}}","sequenceNumber":"{{{++_sequence}}}","dtmf":{"track":"inbound_track","digit":"{{{digit}}}"}}""");

    public Task SendMarkAsync(string name) =>
        SendAsync($$$"""{"event":"mark","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{StreamSid}}}","mark":{"name":"{{{name}}}"}}""");

    public Task SendStopAsync() =>
        SendAsync($$$"""{"event":"stop","sequenceNumber":"{{{++_sequence}}}","streamSid":"{{{StreamSid}}}","stop":{"accountSid":"AC1","callSid":"{{{CallSid}}}"}}""");

    public Task SendAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None);

    /// <summary>The next message from the edge; null once the edge closed the socket.</summary>
    public async Task<Received?> NextAsync(TimeSpan? timeout = null)
    {
        try
        {
            return await _received.Reader.ReadAsync().AsTask().WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Reads messages until one with <paramref name="eventName"/> arrives; returns it and all read before it.</summary>
    public async Task<(Received Match, List<Received> Before)> NextEventAsync(string eventName, TimeSpan? timeout = null)
    {
        var before = new List<Received>();
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(30);
        while (true)
        {
            var next = await NextAsync(limit - deadline.Elapsed)
                ?? throw new InvalidOperationException($"The edge closed the stream before sending '{eventName}' (after {before.Count} messages).");
            if (next.Event == eventName)
            {
                return (next, before);
            }

            before.Add(next);
        }
    }

    /// <summary>Waits until the edge closes the socket, discarding anything still arriving.</summary>
    public async Task WaitForCloseAsync()
    {
        while (await NextAsync() is not null)
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "test done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
            }
            catch (Exception e) when (e is WebSocketException or TimeoutException)
            {
                // The server may already be gone; the test's assertions are what matter.
            }
        }

        await _receiving.WaitAsync(TimeSpan.FromSeconds(10));
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[64 * 1024];
        try
        {
            while (true)
            {
                var length = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(length), CancellationToken.None);
                    length += result.Count;
                }
                while (!result.EndOfMessage);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                using var json = JsonDocument.Parse(buffer.AsMemory(0, length));
                _received.Writer.TryWrite(new Received(json.RootElement.Clone(), _clock.Elapsed));
            }
        }
        catch (WebSocketException)
        {
            // The edge aborted the connection: same as a close for these tests.
        }
        finally
        {
            _received.Writer.TryComplete();
        }
    }

    /// <summary>One message from the edge and when it arrived.</summary>
    internal sealed record Received(JsonElement Json, TimeSpan At)
    {
        public string Event => Json.GetProperty("event").GetString()!;

        public byte[] MediaPayload => Convert.FromBase64String(Json.GetProperty("media").GetProperty("payload").GetString()!);

        public string MarkName => Json.GetProperty("mark").GetProperty("name").GetString()!;
    }
}
