using System.Net;
using System.Net.Sockets;

namespace CallCluster.Testing;

/// <summary>Loopback UDP ports no one holds right now, for helper processes that bind their own.</summary>
public static class FreeUdpPorts
{
    /// <summary>A port free now (the kernel's pick), for a helper process to bind.</summary>
    public static int One()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }

    /// <summary>
    /// The first of four consecutive free ports, for SIPp's <c>-mp</c>: it binds audio RTP and RTCP on the port and the
    /// next, and video RTP and RTCP on the two after, and exits 254 when any is taken. A single free port said nothing
    /// of its neighbours, which other tests' RTP sessions running in parallel hold at times.
    /// </summary>
    public static int SippMediaBase()
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            var sockets = new List<Socket>();
            try
            {
                var first = Bind(sockets, 0);
                if (first % 2 != 0 || first > IPEndPoint.MaxPort - 3)
                {
                    continue;
                }

                for (var next = first + 1; next < first + 4; next++)
                {
                    Bind(sockets, next);
                }

                return first;
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.AddressAlreadyInUse)
            {
                // A neighbour is taken: try another block.
            }
            finally
            {
                foreach (var socket in sockets)
                {
                    socket.Dispose();
                }
            }
        }

        throw new InvalidOperationException("No block of four free UDP ports on loopback after 100 attempts.");
    }

    private static int Bind(List<Socket> sockets, int port)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        sockets.Add(socket);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
