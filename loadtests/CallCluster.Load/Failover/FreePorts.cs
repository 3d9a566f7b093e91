using System.Net;
using System.Net.Sockets;

namespace CallCluster.Load.Failover;

/// <summary>
/// Local ports the operating system says are free now, for nodes whose port must be known before they start (the
/// edge's SIP port, every node's HTTP port). Another process could take one in between; the node then fails to start
/// and says so, which the driver reports.
/// </summary>
internal static class FreePorts
{
    /// <summary>A port free for TCP on the loopback address.</summary>
    public static int Tcp()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>A port free for both UDP and TCP on the loopback address (SIP listens on both).</summary>
    public static int UdpAndTcp()
    {
        for (var attempt = 0; attempt < 20; attempt++)
        {
            using var udp = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
            udp.Bind(new IPEndPoint(IPAddress.Loopback, 0));
            var port = ((IPEndPoint)udp.LocalEndPoint!).Port;
            try
            {
                using var tcp = new TcpListener(IPAddress.Loopback, port);
                tcp.Start();
                return port;
            }
            catch (SocketException)
            {
                // Taken for TCP: try another.
            }
        }

        throw new InvalidOperationException("No local port was free for both UDP and TCP after 20 tries.");
    }
}
