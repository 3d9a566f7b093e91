using System.Net;
using CallCluster.Sip.Messages;
using CallCluster.Sip.Transport;

namespace CallCluster.Sip.Tests.Transactions;

/// <summary>
/// An in-memory transport for transaction tests: records what is sent (as re-parsed wire bytes, with the time it
/// was sent) and lets the test inject inbound messages as if they came off the wire.
/// </summary>
internal sealed class RecordingTransport(TimeProvider time, bool reliable = false) : ISipTransport
{
    private readonly List<(SipMessage Message, IPEndPoint Destination, DateTimeOffset At)> _sent = [];
    private SipMessageHandler? _handler;

    public static readonly IPEndPoint Peer = new(IPAddress.Parse("192.0.2.50"), 5070);

    public string Protocol => reliable ? "TCP" : "UDP";

    public bool IsReliable => reliable;

    public IPEndPoint LocalEndPoint { get; } = new(IPAddress.Parse("10.0.0.1"), 5060);

    public IReadOnlyList<(SipMessage Message, IPEndPoint Destination, DateTimeOffset At)> Sent
    {
        get
        {
            lock (_sent)
            {
                return [.. _sent];
            }
        }
    }

    public void Start(SipMessageHandler handler) => _handler = handler;

    public ValueTask SendAsync(SipMessage message, IPEndPoint destination, CancellationToken cancellationToken = default)
    {
        lock (_sent)
        {
            _sent.Add((SipMessageParser.Parse(message.ToArray()), destination, time.GetUtcNow()));
        }

        return ValueTask.CompletedTask;
    }

    /// <summary>Delivers <paramref name="message"/> as received from <paramref name="from"/> (default <see cref="Peer"/>).</summary>
    public void Inject(SipMessage message, IPEndPoint? from = null)
    {
        var parsed = SipMessageParser.Parse(message.ToArray());
        var remote = from ?? Peer;
        if (parsed is SipRequest request)
        {
            InboundProcessing.StampVia(request, remote);
        }

        _handler!(new SipInbound(parsed, remote, this));
    }

    public IEnumerable<SipRequest> SentRequests(string method) => Sent.Select(s => s.Message).OfType<SipRequest>().Where(r => r.Method == method);

    public IEnumerable<SipResponse> SentResponses(int status) => Sent.Select(s => s.Message).OfType<SipResponse>().Where(r => r.StatusCode == status);

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

/// <summary>A transaction user that records what the layer hands up.</summary>
internal sealed class RecordingUser : CallCluster.Sip.Transactions.ISipTransactionUser
{
    public List<CallCluster.Sip.Transactions.ServerTransaction> Requests { get; } = [];

    public List<SipInbound> Acks { get; } = [];

    public List<SipInbound> Stray { get; } = [];

    public Action<CallCluster.Sip.Transactions.ServerTransaction>? OnNewRequest { get; set; }

    public void OnRequest(CallCluster.Sip.Transactions.ServerTransaction transaction)
    {
        Requests.Add(transaction);
        OnNewRequest?.Invoke(transaction);
    }

    public void OnAck(SipInbound ack) => Acks.Add(ack);

    public void OnStrayResponse(SipInbound response) => Stray.Add(response);
}
