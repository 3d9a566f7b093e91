using CallCluster.Edge.Playout;
using System.CommandLine;
using System.CommandLine.Parsing;

namespace CallCluster.Host.Hosting;

/// <summary>
/// The options the node verbs (<c>run</c>, <c>silo</c>, <c>edge</c>, <c>demo</c>) share, each defined once with its
/// default, so that every verb spells and documents them the same way.
/// </summary>
internal static class NodeOptions
{
    public const string DefaultClusterId = "callcluster";

    /// <summary>Where <c>--postgres</c> is read from when it is not on the command line: keeps the password out of `ps`.</summary>
    public const string PostgresVariable = "CALLCLUSTER_POSTGRES";

    public static Option<string?> Postgres(bool required) => new("--postgres")
    {
        Description = required
            ? $"Npgsql connection string of the cluster store (membership, grain directory, grain state). Required, here or in ${PostgresVariable}. Never logged."
            : $"Npgsql connection string of a PostgreSQL cluster store. [default: ${PostgresVariable}, else in-memory membership, directory and state in this process]",
    };

    /// <summary>The connection string: the option, else the variable (read here, not as a default value, so that
    /// --help never prints a password).</summary>
    public static string? PostgresValue(string? fromOption) =>
        string.IsNullOrWhiteSpace(fromOption) ? Environment.GetEnvironmentVariable(PostgresVariable) : fromOption;

    /// <summary>Refuses the command when neither <c>--postgres</c> nor its variable gives a connection string.</summary>
    public static void RequireStore(Command command, Option<string?> postgres) => command.Validators.Add(result =>
    {
        if (string.IsNullOrWhiteSpace(PostgresValue(result.GetValue(postgres))))
        {
            result.AddError($"--postgres (or ${PostgresVariable}) is required: silos and edges of a cluster meet in its PostgreSQL store.");
        }
    });

    public static Option<string> ClusterId() => new("--cluster-id")
    {
        Description = "Scopes every row in the store, so one database can hold several clusters; silos and edges of one cluster share it.",
        DefaultValueFactory = _ => DefaultClusterId,
    };

    public static Option<string> Http(string defaultEndpoint) => Endpoint(
        "--http",
        "Address:port of the HTTP listener: admin API (/health/live, /health/ready, /api/silos, /api/calls) and, on edges, Twilio media streams (/twilio/media).",
        defaultEndpoint);

    public static Option<string> Sip(string defaultEndpoint) => Endpoint(
        "--sip",
        "Address:port of the SIP listener (UDP and TCP).",
        defaultEndpoint);

    public static Option<string?> SipPublicAddress() => IpAddress(
        "--sip-public-address",
        "The IP address peers reach the SIP listener at, written in Contact, Via and SDP: the node's public IP behind NAT or in Kubernetes. Required when --sip listens on 0.0.0.0. [default: the --sip address]");

    public static Option<int?> SipPublicPort() => new("--sip-public-port")
    {
        Description = "The SIP port peers reach the listener at, when a NAT or load balancer maps another one. [default: the --sip port]",
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<int?>() is < 1 or > 65535)
                {
                    result.AddError($"--sip-public-port must be a port number (1–65535), was {result.GetValueOrDefault<int?>()}.");
                }
            },
        },
    };

    public static Option<string?> RtpPublicAddress() => IpAddress(
        "--rtp-public-address",
        "The IP address written in SDP (c=, o=) when RTP is reachable elsewhere than SIP (a media relay, a second interface). [default: --sip-public-address]");

    /// <summary>Refuses a SIP listener on 0.0.0.0 or :: without a public address: no peer can send to "any".</summary>
    public static void RequirePublicAddressForAnyListener(Command command, Option<string> sip, Option<string?> publicAddress) => command.Validators.Add(result =>
    {
        if (ListenEndpoint.TryParse(result.GetValue(sip), out var endpoint, out _)
            && (endpoint.Address.Equals(System.Net.IPAddress.Any) || endpoint.Address.Equals(System.Net.IPAddress.IPv6Any))
            && result.GetValue(publicAddress) is null)
        {
            result.AddError($"--sip {endpoint} listens on every interface: give --sip-public-address, the address peers send SIP and RTP to.");
        }
    });

    /// <summary>The edge's SIP settings from the parsed command line.</summary>
    public static EdgeNodeOptions EdgeNode(
        ParseResult parse, Option<string> sip, Option<string?> publicAddress, Option<int?> publicPort, Option<string?> rtpAddress, Option<int> realtimePriority) => new()
    {
        Sip = ListenEndpoint.Parse(parse.GetValue(sip)!),
        PublicAddress = parse.GetValue(publicAddress),
        PublicSipPort = parse.GetValue(publicPort),
        PublicRtpAddress = parse.GetValue(rtpAddress),
        RealtimePriority = parse.GetValue(realtimePriority),
    };

    public static Option<int> RealtimePriority() => new("--realtime-priority")
    {
        Description = "SCHED_FIFO priority (1–99) of the edge's audio pacing threads, so every call's 20 ms packets leave on time on a busy machine; they are pinned to one CPU, leaving the others to everything else. 0 runs them at nice -10 under the normal scheduler. Needs CAP_SYS_NICE and two CPUs: without them the edge logs why and uses nice -10.",
        DefaultValueFactory = _ => new PlayoutOptions().RealtimePriority,
        Validators = { result => Within(result, 0, 99, "--realtime-priority must be 0 (off) or a SCHED_FIFO priority from 1 to 99.") },
    };

    public static Option<int> ReserveCalls() => new("--reserve-calls")
    {
        Description = "Calls' worth of audio buffers (frames, queued playout, recordings) made ready at start-up, as a node that has carried that many calls has them; a node that grows its pools while calls run pauses them for the full collections that growth brings. Set it to the calls the node is sized for; 0 grows the pools on demand.",
        DefaultValueFactory = _ => 0,
        Validators = { result => Within(result, 0, 10_000, "--reserve-calls must be from 0 to 10000.") },
    };

    public static Option<string> AdvertisedHost() => new("--host")
    {
        Description = "The address the silo listens on and advertises to peers and edges; in Kubernetes the pod IP.",
        DefaultValueFactory = _ => "127.0.0.1",
    };

    public static Option<int> SiloPort(int defaultPort) => new("--port")
    {
        Description = "TCP port of the silo (silo-to-silo and edge traffic); 0 picks a free port.",
        DefaultValueFactory = _ => defaultPort,
        Validators = { result => Port(result, "--port") },
    };

    public static Option<FileInfo> Agent() => new("--agent")
    {
        Description = "The agent graph (YAML) the call grains run.",
        DefaultValueFactory = _ => new FileInfo(Path.Combine("agents", "customer-service.yaml")),
    };

    public static Option<DirectoryInfo> Evidence() => new("--evidence-dir")
    {
        Description = "Where call grains write evidence packages (call.json + recording.wav per call).",
        DefaultValueFactory = _ => new DirectoryInfo("evidence"),
    };

    public static Option<TimeSpan> Grace() => new("--grace")
    {
        Description = "On SIGTERM, how long busy calls may go on before the silo leaves (hh:mm:ss). Kubernetes' terminationGracePeriodSeconds must be longer.",
        DefaultValueFactory = _ => TimeSpan.FromSeconds(30),
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<TimeSpan>() < TimeSpan.Zero)
                {
                    result.AddError("--grace must not be negative.");
                }
            },
        },
    };

    public static Option<Uri?> Otlp() => new("--otlp")
    {
        Description = "OTLP endpoint (gRPC) for traces and metrics, e.g. http://localhost:4317. [default: $OTEL_EXPORTER_OTLP_ENDPOINT, else no export]",
        CustomParser = result =>
        {
            var text = result.Tokens.Single().Value;
            if (Uri.TryCreate(text, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps))
            {
                return uri;
            }

            result.AddError($"--otlp: '{text}' is not an http(s) URL.");
            return null;
        },
    };

    private static Option<string?> IpAddress(string name, string description) => new(name)
    {
        Description = description,
        Validators =
        {
            result =>
            {
                if (result.GetValueOrDefault<string?>() is { } text && !System.Net.IPAddress.TryParse(text, out _))
                {
                    result.AddError($"{name}: '{text}' is not an IP address.");
                }
            },
        },
    };

    private static Option<string> Endpoint(string name, string description, string defaultEndpoint) => new(name)
    {
        Description = description,
        DefaultValueFactory = _ => defaultEndpoint,
        Validators =
        {
            result =>
            {
                if (!ListenEndpoint.TryParse(result.GetValueOrDefault<string>(), out _, out var error))
                {
                    result.AddError($"{name}: {error}");
                }
            },
        },
    };

    private static void Port(OptionResult result, string name) =>
        Within(result, 0, 65535, $"{name} must be a port number (0–65535), was {result.GetValueOrDefault<int>()}.");

    private static void Within(OptionResult result, int min, int max, string error)
    {
        if (result.GetValueOrDefault<int>() is var value && (value < min || value > max))
        {
            result.AddError(error);
        }
    }
}
