using System.Net.Sockets;
using Microsoft.Extensions.Logging;

namespace CallCluster.Runtime.Messaging;

/// <summary>
/// One outbound connection per silo, opened on first use and opened again after it closes (reconnect).
/// A failed connect throws <see cref="SiloUnavailableException"/> whose inner exception is the
/// <see cref="SocketException"/> (connection refused means nothing listens there any more).
/// </summary>
internal sealed class OutboundConnections(SiloAddress? self, IFrameHandler handler, TimeSpan connectTimeout, ILogger logger)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<SiloAddress, Task<Connection>> _connections = [];
    private bool _closed;

    public Task<Connection> GetAsync(SiloAddress silo)
    {
        lock (_gate)
        {
            if (_closed)
            {
                return Task.FromException<Connection>(new SiloUnavailableException("This node is shutting down its connections."));
            }

            if (_connections.TryGetValue(silo, out var existing)
                && !(existing.IsCompletedSuccessfully && existing.Result.IsClosed)
                && !existing.IsFaulted)
            {
                return existing;
            }

            var connecting = ConnectAsync(silo);
            _connections[silo] = connecting;
            return connecting;
        }
    }

    /// <summary>Whether a live connection to the silo is open now.</summary>
    public bool IsConnected(SiloAddress silo)
    {
        lock (_gate)
        {
            return _connections.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && !task.Result.IsClosed;
        }
    }

    public void Remove(Connection connection)
    {
        if (connection.RemoteSilo is not { } silo)
        {
            return;
        }

        lock (_gate)
        {
            if (_connections.TryGetValue(silo, out var task) && task.IsCompletedSuccessfully && task.Result == connection)
            {
                _connections.Remove(silo);
            }
        }
    }

    /// <summary>Drops the connection to one silo (it was declared Dead).</summary>
    public void Abort(SiloAddress silo)
    {
        Task<Connection>? task;
        lock (_gate)
        {
            _connections.Remove(silo, out task);
        }

        if (task is { IsCompletedSuccessfully: true })
        {
            task.Result.Abort();
        }
    }

    /// <summary>Waits (at most <paramref name="timeout"/>) until every open connection has sent what was queued on it.</summary>
    public Task DrainAllAsync(TimeSpan timeout)
    {
        List<Task<Connection>> all;
        lock (_gate)
        {
            all = [.. _connections.Values];
        }

        return Task.WhenAll(all.Where(t => t.IsCompletedSuccessfully).Select(t => t.Result.DrainAsync(timeout)));
    }

    public void AbortAll()
    {
        List<Task<Connection>> all;
        lock (_gate)
        {
            _closed = true;
            all = [.. _connections.Values];
            _connections.Clear();
        }

        foreach (var task in all.Where(t => t.IsCompletedSuccessfully))
        {
            task.Result.Abort();
        }
    }

    private async Task<Connection> ConnectAsync(SiloAddress silo)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            using var timeout = new CancellationTokenSource(connectTimeout);
            await socket.ConnectAsync(silo.Host, silo.Port, timeout.Token);
        }
        catch (Exception e) when (e is SocketException or OperationCanceledException)
        {
            socket.Dispose();
            ForgetFailed(silo);
            throw new SiloUnavailableException($"Could not connect to silo {silo}.", e);
        }

        var connection = new Connection(socket, handler, logger) { RemoteSilo = silo };
        connection.Start();
        await connection.SendAsync(FrameType.Hello, HelloMessage.Serialize(self));
        return connection;
    }

    private void ForgetFailed(SiloAddress silo)
    {
        lock (_gate)
        {
            if (_connections.TryGetValue(silo, out var task) && !task.IsCompletedSuccessfully)
            {
                _connections.Remove(silo);
            }
        }
    }
}
