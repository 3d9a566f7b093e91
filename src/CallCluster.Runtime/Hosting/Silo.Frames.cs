using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Messaging;
using CallCluster.Runtime.Serialization;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Hosting;

/// <summary>The silo's side of the wire protocol: what each incoming frame does.</summary>
public sealed partial class Silo
{
    void IFrameHandler.OnFrame(Connection connection, FrameType type, ReadOnlySpan<byte> payload)
    {
        if (_paused || _stopped.Task.IsCompleted)
        {
            return;
        }

        try
        {
            switch (type)
            {
                case FrameType.Hello:
                    OnHello(connection, payload);
                    break;
                case FrameType.Request:
                    OnRequest(connection, payload);
                    break;
                case FrameType.Response:
                    {
                        var (id, response) = ResponseMessage.Parse(payload);
                        _pending.Complete(id, response);
                        break;
                    }

                case FrameType.Probe:
                    {
                        var reader = new WireReader(payload);
                        _ = SendQuietlyAsync(connection, FrameType.ProbeReply, ProbeMessage.SerializeReply(reader.ReadInt64(), Router.LocalLoad));
                        break;
                    }

                case FrameType.ProbeReply:
                    {
                        var (id, load) = ProbeMessage.ParseReply(payload);
                        _membership!.OnProbeReply(id, load);
                        if (connection.RemoteSilo is { } silo)
                        {
                            _placement!.OnLoadReport(silo);
                        }

                        break;
                    }

                case FrameType.MembershipChanged:
                    _membership!.RefreshNow();
                    break;
                case FrameType.StreamOpen or FrameType.StreamData or FrameType.StreamCredit or FrameType.StreamClose:
                    _streams!.OnFrame(connection, type, payload);
                    break;
                default:
                    throw new WireFormatException($"unknown frame type {(byte)type}");
            }
        }
        catch (WireFormatException e)
        {
            _logger.LogWarning("Closing the connection to {Peer}: malformed {Type} frame: {Reason}", connection, type, e.Message);
            connection.Abort();
        }
    }

    void IFrameHandler.OnClosed(Connection connection)
    {
        lock (_gate)
        {
            _inbound.Remove(connection);
        }

        _connections?.Remove(connection);
        _pending.FailAll(connection);
        _streams?.OnConnectionClosed(connection);
        if (connection.RemoteSilo is { } silo && !_stopping.IsCancellationRequested)
        {
            _membership?.OnConnectionLost(silo);
        }
    }

    private void OnHello(Connection connection, ReadOnlySpan<byte> payload)
    {
        var silo = HelloMessage.Parse(payload);
        if (silo is null)
        {
            connection.IsClient = true;
            return;
        }

        if (MembershipView.IsDead(silo.Value))
        {
            // A Dead silo never comes back: refuse it, and it will read its own death from the table.
            _logger.LogWarning("Refusing a connection from {Silo}, which is Dead.", silo);
            connection.Abort();
            return;
        }

        connection.RemoteSilo = silo;
    }

    private void OnRequest(Connection connection, ReadOnlySpan<byte> payload)
    {
        var request = RequestMessage.Parse(payload);
        var call = new GrainCall(
            request.Target,
            request.InterfaceId,
            request.MethodId,
            request.Arguments,
            response => _ = SendQuietlyAsync(connection, FrameType.Response, ResponseMessage.Serialize(request.CorrelationId, response)))
        {
            Hops = request.Hops,
            PlacedHere = request.PlacedHere,
        };
        Router.Route(call);
    }
}
