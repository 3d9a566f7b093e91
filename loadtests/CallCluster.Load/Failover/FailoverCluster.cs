using System.Net.Http.Json;
using CallCluster.Runtime;
using CallCluster.Runtime.Directory;
using CallCluster.Runtime.Postgres;
using CallCluster.Runtime.Postgres.Directory;
using Npgsql;

namespace CallCluster.Load.Failover;

/// <summary>
/// Two <c>callcluster silo</c> processes and one <c>callcluster edge</c> process on one database, started and watched
/// by the driver. Every process is killed on disposal, whatever state the run ended in.
/// </summary>
public sealed class FailoverCluster : IAsyncDisposable
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(250);

    private readonly string _clusterId = "failover-" + Guid.NewGuid().ToString("N")[..8];
    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresGrainDirectory _directory;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };
    private readonly List<NodeProcess> _nodes = [];
    private readonly Dictionary<string, NodeProcess> _silosByAddress = new(StringComparer.Ordinal);

    private FailoverCluster(string connectionString)
    {
        _dataSource = NpgsqlDataSource.Create(connectionString);
        _directory = new PostgresGrainDirectory(
            _dataSource, Microsoft.Extensions.Options.Options.Create(new PostgresClusterStoreOptions { ConnectionString = connectionString, ClusterId = _clusterId }));
    }

    /// <summary>The edge's SIP address, where calls go.</summary>
    public int SipPort { get; private set; }

    /// <summary>Silo processes by the silo address each advertises (host:port@generation).</summary>
    public IReadOnlyDictionary<string, NodeProcess> Silos => _silosByAddress;

    public NodeProcess Edge { get; private set; } = null!;

    /// <summary>
    /// Starts the silos and the edge and returns once each says it is ready (<c>/health/ready</c>) and the edge sees
    /// every silo Active, so that calls spread over both. On failure every process started is killed.
    /// </summary>
    public static async Task<FailoverCluster> StartAsync(FailoverOptions options, string connectionString, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(options);
        var cluster = new FailoverCluster(connectionString);
        try
        {
            await cluster.StartNodesAsync(options, connectionString, cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>The silo address that holds the call's activation in the grain directory now, or null when none does.</summary>
    /// <remarks>The directory, not an admin endpoint, is the authority: it is what the edge itself resolves the grain with.</remarks>
    public async Task<string?> HostOfCallAsync(string callId, CancellationToken cancellationToken)
    {
        var address = await _directory.LookupAsync(new GrainId("call", callId), cancellationToken);
        return address?.Silo.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        await Task.WhenAll(_nodes.Select(n => n.DisposeAsync().AsTask()));
        _http.Dispose();
        await _dataSource.DisposeAsync();
    }

    private async Task StartNodesAsync(FailoverOptions options, string connectionString, CancellationToken cancellationToken)
    {
        var silos = new List<NodeProcess>();
        for (var i = 1; i <= 2; i++)
        {
            var http = new Uri($"http://127.0.0.1:{FreePorts.Tcp()}");
            var silo = NodeProcess.Start($"silo-{i}", options.Launch, [
                "silo", "--cluster-id", _clusterId, "--port", "0", "--http", http.Authority,
                "--agent", options.AgentFile, "--evidence-dir", options.EvidenceDirectory,
            ], connectionString, http, options.WorkingDirectory, new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["Speech__PocketSphinx__MaxDecoders"] = options.DecodersPerSilo.ToString(System.Globalization.CultureInfo.InvariantCulture),
                // The silos' own per-command SQL lines would bury what matters in their logs.
                ["Logging__LogLevel__Npgsql"] = "Warning",
            });
            _nodes.Add(silo);
            silos.Add(silo);
        }

        await Task.WhenAll(silos.Select(s => WaitReadyAsync(s, options.StartTimeout, cancellationToken)));
        foreach (var silo in silos)
        {
            var self = (await _http.GetFromJsonAsync<List<SiloRow>>(new Uri(silo.Http, "/api/silos"), cancellationToken))!.Single(r => r.Self);
            _silosByAddress[self.Address] = silo;
        }

        SipPort = FreePorts.UdpAndTcp();
        var edgeHttp = new Uri($"http://127.0.0.1:{FreePorts.Tcp()}");
        Edge = NodeProcess.Start("edge", options.Launch, [
            "edge", "--cluster-id", _clusterId, "--sip", $"127.0.0.1:{SipPort}", "--http", edgeHttp.Authority,
        ], connectionString, edgeHttp, options.WorkingDirectory, new Dictionary<string, string>(StringComparer.Ordinal) { ["Logging__LogLevel__Npgsql"] = "Warning" });
        _nodes.Add(Edge);
        await WaitReadyAsync(Edge, options.StartTimeout, cancellationToken);
        await WaitUntilAsync(Edge, options.StartTimeout, async token =>
        {
            var rows = await _http.GetFromJsonAsync<List<SiloRow>>(new Uri(Edge.Http, "/api/silos"), token);
            return rows!.Count(r => r.Status == "Active" && _silosByAddress.ContainsKey(r.Address)) == _silosByAddress.Count;
        }, "see both silos Active", cancellationToken);
    }

    private Task WaitReadyAsync(NodeProcess node, TimeSpan timeout, CancellationToken cancellationToken) =>
        WaitUntilAsync(node, timeout, async token =>
        {
            using var response = await _http.GetAsync(new Uri(node.Http, "/health/ready"), token);
            return response.IsSuccessStatusCode;
        }, "become ready", cancellationToken);

    private static async Task WaitUntilAsync(NodeProcess node, TimeSpan timeout, Func<CancellationToken, Task<bool>> condition, string what, CancellationToken cancellationToken)
    {
        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(timeout);
        while (true)
        {
            if (node.HasExited)
            {
                throw new InvalidOperationException($"{node.Name} exited before it could {what}: {string.Join(" | ", node.RecentOutput.TakeLast(15))}");
            }

            try
            {
                if (await condition(budget.Token))
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // The request timed out (a node busy starting), or the whole wait did.
                if (budget.IsCancellationRequested)
                {
                    break;
                }
            }

            try
            {
                await Task.Delay(PollInterval, budget.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                break;
            }
        }

        throw new TimeoutException($"{node.Name} did not {what} within {timeout}: {string.Join(" | ", node.RecentOutput.TakeLast(15))}");
    }

    /// <summary>One row of <c>/api/silos</c>, as far as the driver reads it.</summary>
    private sealed record SiloRow(string Address, string Status, bool Self);
}
