using CallCluster.Agent.Graph;
using CallCluster.Agent.Simulation;
using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Grains;
using CallCluster.Edge.Playout;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Evidence;
using CallCluster.Runtime.Hosting;
using CallCluster.Runtime.TestingHost;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Grains.Tests.Support;

/// <summary>
/// A real call end to end in one process: two silos of an in-memory TestCluster hosting call grains with the default
/// agent, pocketsphinx and espeak-ng; an edge with real paced playout and the grain adapter; a test caller that
/// speaks espeak-ng lines.
/// </summary>
internal sealed class CallHarness : IAsyncDisposable
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly ServiceProvider _services;
    private readonly PlayoutScheduler _scheduler;
    private readonly ESpeakTextToSpeech _voice;

    private CallHarness(ServiceProvider services, TestCluster cluster, PlayoutScheduler scheduler, EdgeCallFactory edge, string evidence)
    {
        _services = services;
        Cluster = cluster;
        _scheduler = scheduler;
        Edge = edge;
        EvidenceDirectory = evidence;
        Agent = services.GetRequiredService<CallAgent>();
        _voice = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
    }

    public TestCluster Cluster { get; }

    public EdgeCallFactory Edge { get; }

    public CallAgent Agent { get; }

    public string EvidenceDirectory { get; }

    public ISpeechToText SpeechToText => _services.GetRequiredService<ISpeechToText>();

    public EvidenceStore Evidence => _services.GetRequiredService<EvidenceStore>();

    public static async Task<CallHarness> StartAsync(Action<CallGrainOptions>? configure = null, Action<SiloOptions>? configureSilo = null, TimeProvider? edgeClock = null)
    {
        var evidence = Path.Combine(Path.GetTempPath(), "callcluster-evidence-" + Guid.NewGuid().ToString("N"));
        var graph = AgentConfigLoader.LoadFile(FindAgent());
        var sandbox = SandboxAgent.Create(graph, TimeProvider.System);
        var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions()));
        await stt.WarmUpAsync(2);
        var services = new ServiceCollection()
            .AddLogging(b => b.SetMinimumLevel(LogLevel.Warning))
            .AddSingleton(new CallAgent(sandbox.Engine, sandbox.Store))
            .AddSingleton<ISpeechToText>(stt)
            .AddSingleton<ITextToSpeech>(new ESpeakTextToSpeech(Options.Create(new ESpeakOptions())))
            .AddCallGrains(o =>
            {
                o.EvidenceDirectory = evidence;
                configure?.Invoke(o);
            })
            .BuildServiceProvider();
        var cluster = new TestCluster(new TestClusterOptions
        {
            InitialSilosCount = 2,
            ConfigureGrains = grains => grains.AddCallGrain(),
            ConfigureSilo = configureSilo ?? (_ => { }),
            Services = services,
        });
        await cluster.DeployAsync();
        var scheduler = new PlayoutScheduler(Options.Create(new PlayoutOptions()), edgeClock ?? TimeProvider.System, NullLogger<PlayoutScheduler>.Instance);
        scheduler.Start();
        var handler = new GrainCallMediaHandler(cluster.Client, Options.Create(new GrainCallOptions()), NullLogger<GrainCallMediaHandler>.Instance);
        var edge = new EdgeCallFactory(handler, scheduler, Options.Create(new EdgeOptions { AcceptTimeout = TimeSpan.FromSeconds(30) }), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance);
        return new CallHarness(services, cluster, scheduler, edge, evidence);
    }

    /// <summary>Places a call from <paramref name="caller"/>; the agent greets at once.</summary>
    public async Task<(EdgeCall Call, TestCaller Caller)> CallAsync(string callId, string caller = "+15550100")
    {
        var line = new TestCaller();
        var call = Edge.Create(new CallStartInfo(callId, caller, "+15559999", "L16/16000", DtmfCapability.Rfc4733, new Dictionary<string, string>()), line);
        line.Start(call);
        await call.StartAsync(CancellationToken.None);
        return (call, line);
    }

    /// <summary>The caller's line as 16 kHz audio from espeak-ng, with 400 ms of silence after it.</summary>
    public async Task<short[]> SpeechAsync(string text)
    {
        var samples = new List<short>();
        await foreach (var chunk in _voice.SynthesizeAsync(text))
        {
            using (chunk)
            {
                samples.AddRange(chunk.Samples.Span);
            }
        }

        samples.AddRange(new short[16_000 * 4 / 10]);
        return [.. samples];
    }

    /// <summary>Recognises <paramref name="audio"/> (16 kHz) with a grammar of the given <paramref name="lines"/>.</summary>
    public async Task<string> RecognizeAsync(short[] audio, params string[] lines)
    {
        await using var session = await SpeechToText.StartSessionAsync(new RecognitionHints { Phrases = lines });
        for (var offset = 0; offset + 320 <= audio.Length; offset += 320)
        {
            await session.PushAsync(audio.AsMemory(offset, 320));
        }

        return (await session.CompleteAsync()).Text;
    }

    /// <summary>Waits for the agent to finish its turn number <paramref name="turns"/>, then says <paramref name="line"/>.</summary>
    public async Task SayAfterAgentAsync(TestCaller caller, int turns, string line)
    {
        await caller.WaitForAgentTurnsAsync(turns, Patience);
        if (caller.HungUp.IsCompleted)
        {
            throw new InvalidOperationException($"The agent hung up before turn {turns} ended, where the caller meant to say '{line}'.\n{await DescribeAsync(caller.Call!.Call.CallId)}");
        }

        await caller.SayAsync(await SpeechAsync(line)).WaitAsync(Patience);
    }

    /// <summary>Waits for the agent to finish its turn number <paramref name="turns"/>, then types <paramref name="keys"/>.</summary>
    public static async Task TypeAfterAgentAsync(TestCaller caller, int turns, string keys)
    {
        await caller.WaitForAgentTurnsAsync(turns, Patience);
        foreach (var key in keys)
        {
            caller.Call!.PostDtmf(key);
        }
    }

    /// <summary>Waits for the agent to hang up; on timeout says where the call is.</summary>
    public async Task WaitForHangUpAsync(TestCaller caller)
    {
        try
        {
            await caller.HungUp.WaitAsync(Patience);
        }
        catch (TimeoutException e)
        {
            var snapshot = await Cluster.Client.GetGrain<ICallGrain>(caller.Call!.Call.CallId).GetSnapshotAsync();
            throw new TimeoutException($"No hang-up within {Patience}: the call is {snapshot}; last edge events: {string.Join(", ", caller.Events.TakeLast(10))}", e);
        }
    }

    /// <summary>The call's evidence package, once written.</summary>
    public async Task<CallEvidence> ReadEvidenceAsync(string callId)
    {
        await CallCluster.Testing.Eventually.TrueAsync(() => File.Exists(Path.Combine(Evidence.PackagePath(callId), EvidenceStore.CallFile)), Patience, "the evidence package was written");
        return await Evidence.ReadAsync(callId);
    }

    /// <summary>The call's evidence as text (for failure messages), once it is written.</summary>
    public async Task<string> DescribeAsync(string callId)
    {
        try
        {
            await CallCluster.Testing.Eventually.TrueAsync(() => File.Exists(Path.Combine(Evidence.PackagePath(callId), EvidenceStore.CallFile)), TimeSpan.FromSeconds(10), "evidence");
            return EvidenceFormatter.ToText(await Evidence.ReadAsync(callId));
        }
        catch (TimeoutException)
        {
            return "(no evidence package)";
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Cluster.DisposeAsync();
        _scheduler.Dispose();
        await _services.DisposeAsync();
        if (Directory.Exists(EvidenceDirectory))
        {
            Directory.Delete(EvidenceDirectory, recursive: true);
        }
    }

    internal static string FindAgent()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, "agents", "customer-service.yaml");
            if (File.Exists(path))
            {
                return path;
            }
        }

        throw new FileNotFoundException("agents/customer-service.yaml not found above " + AppContext.BaseDirectory);
    }
}
