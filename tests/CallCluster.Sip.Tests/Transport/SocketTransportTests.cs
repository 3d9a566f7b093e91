using System.Net;
using System.Net.Sockets;
using System.Text;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Tests.Transactions;
using CallCluster.Sip.Transactions;
using CallCluster.Sip.Transport;
using CallCluster.Testing;

namespace CallCluster.Sip.Tests.Transport;

/// <summary>Real sockets on loopback: two transaction layers talk through UDP and TCP.</summary>
public sealed class SocketTransportTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    public static TheoryData<string> Protocols() => ["UDP", "TCP"];

    [Theory]
    [MemberData(nameof(Protocols))]
    public async Task Options_round_trips_between_two_layers(string protocol)
    {
        var serverUser = new RecordingUser { OnNewRequest = t => _ = t.SendResponseAsync(SipResponse.CreateFor(t.Request, 200, toTag: "srv")) };
        await using var serverTransport = Create(protocol);
        await using var clientTransport = Create(protocol);
        var server = new SipTransactionLayer(serverUser, TimeProvider.System);
        var client = new SipTransactionLayer(new RecordingUser(), TimeProvider.System);
        server.Attach(serverTransport);
        client.Attach(clientTransport);

        var transaction = client.SendRequest(Requests.New(SipMethods.Options), serverTransport.LocalEndPoint, clientTransport);
        var response = await Eventually.WithinAsync(transaction.Completion, Wait, "the 200 to OPTIONS");

        Assert.Equal(200, response.StatusCode);
        Assert.Equal("srv", response.To.Tag);
        var received = serverUser.Requests.Single().Request.TopVia;
        Assert.Equal("127.0.0.1", received.Received);
        // Over UDP the source port is the client's socket; over TCP it is the connection's ephemeral port.
        Assert.Equal(protocol == "UDP" ? clientTransport.LocalEndPoint.Port : serverUser.Requests[0].Remote.Port, received.RPort);
    }

    [Fact]
    public async Task Malformed_udp_request_gets_a_400_with_the_reason()
    {
        await using var transport = Create("UDP");
        transport.Start(_ => { });
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        peer.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var bad = "OPTIONS sip:a@b SIP/2.0\r\nVia: SIP/2.0/UDP 127.0.0.1:" + ((IPEndPoint)peer.LocalEndPoint!).Port +
                  ";branch=z9hG4bKbad\r\nFrom: <sip:x@y>;tag=1\r\nTo: <sip:a@b>\r\nCall-ID: bad1\r\nCSeq: 1 INVITE\r\nContent-Length: 0\r\n\r\n";

        await peer.SendToAsync(Encoding.ASCII.GetBytes(bad), transport.LocalEndPoint);
        var buffer = new byte[4096];
        var received = await peer.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(Wait);

        var response = SipMessageParser.ParseResponse(buffer.AsSpan(0, received));
        Assert.Equal(400, response.StatusCode);
        Assert.Equal("CSeq method does not match request method", response.ReasonPhrase);
        Assert.Equal("bad1", response.CallId);
    }

    [Fact]
    public async Task Tcp_frames_pipelined_messages_split_across_writes()
    {
        var user = new RecordingUser();
        var all = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        user.OnNewRequest = _ =>
        {
            if (user.Requests.Count == 3)
            {
                all.TrySetResult();
            }
        };
        await using var transport = Create("TCP");
        new SipTransactionLayer(user, TimeProvider.System).Attach(transport);
        using var peer = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await peer.ConnectAsync(transport.LocalEndPoint);
        var bytes = Enumerable.Range(1, 3).SelectMany(i => Requests.New(SipMethods.Options, callId: $"tcp-{i}", branch: $"z9hG4bKtcp{i}").ToArray()).ToArray();

        for (var offset = 0; offset < bytes.Length; offset += 97)
        {
            await peer.SendAsync(bytes.AsMemory(offset, Math.Min(97, bytes.Length - offset)));
        }

        await Eventually.WithinAsync(all.Task, Wait, "three OPTIONS over one TCP connection");
        Assert.Equal(["tcp-1", "tcp-2", "tcp-3"], user.Requests.Select(r => r.Request.CallId));
    }

    private static ISipTransport Create(string protocol)
    {
        var loopback = new IPEndPoint(IPAddress.Loopback, 0);
        return protocol == "UDP" ? new UdpSipTransport(loopback) : new TcpSipTransport(loopback);
    }
}
