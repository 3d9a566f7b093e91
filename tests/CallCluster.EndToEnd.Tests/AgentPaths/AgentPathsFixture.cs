using CallCluster.Agent.Sandbox;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using CallCluster.Grains.Calls;
using CallCluster.Grains.Evidence;
using CallCluster.Host.Hosting;
using CallCluster.Load.Calls;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Load.Calls.Sip;
using CallCluster.Sip.Sdp;
using CallCluster.Speech.Abstractions;
using CallCluster.Testing;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace CallCluster.EndToEnd.Tests.AgentPaths;

/// <summary>
/// One embedded stack of <c>callcluster run</c> (silo, in-memory store and sandbox, the default agent, SIP edge on
/// 127.0.0.1) for every path test, so the speech models load once; each test places its own SIP call against it.
/// </summary>
public sealed class AgentPathsFixture : IAsyncLifetime
{
    /// <summary>Where the stack's edge sends the caller when the agent hands over to the support queue.</summary>
    public const string SupportDesk = "sip:support-desk@127.0.0.1:5099";

    /// <summary>The callers' offer: wideband G.722 first, PCMU as the narrowband fallback; digits as RFC 4733 events.</summary>
    private static readonly AudioCodec[] Codecs = [AudioCodec.G722, AudioCodec.Pcmu];

    /// <summary>The grain writes the evidence package as the call ends; a loaded 2-core machine can take a while.</summary>
    private static readonly TimeSpan EvidenceTimeout = TimeSpan.FromSeconds(60);

    private readonly DirectoryInfo _evidence = Directory.CreateTempSubdirectory("callcluster-agent-paths-");
    private WebApplication? _app;

    public static string AgentFile { get; } = Path.Combine(RepositoryRoot(), "agents", "customer-service.yaml");

    /// <summary>The sandbox fixtures the stack's store starts from (the orders and customers the tests call about).</summary>
    public static SandboxFixtures Fixtures { get; } = SandboxFixtures.LoadFile(Path.Combine(RepositoryRoot(), "agents", "customer-service.fixtures.yaml"));

    /// <summary>When the stack's edge put audible agent audio on each call's line.</summary>
    internal AgentAudioProbe AgentAudio { get; } = new(TimeProvider.System);

    /// <summary>The sandbox store the agent's tools write to.</summary>
    public ISandboxStore Store => Services.GetRequiredService<CallAgent>().Store
        ?? throw new InvalidOperationException("The stack's agent has no sandbox store.");

    private IServiceProvider Services => (_app ?? throw new InvalidOperationException("The stack has not started.")).Services;

    public async ValueTask InitializeAsync()
    {
        _app = EmbeddedStack.Build(
            new FileInfo(AgentFile),
            _evidence,
            new Dictionary<string, string?> { ["Sip:TransferTargets:support"] = SupportDesk },
            services => services.AddSingleton<ICallAudioTapFactory>(AgentAudio));
        await _app.StartAsync(TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null)
        {
            await _app.StopAsync(CancellationToken.None);
            await _app.DisposeAsync();
        }

        _evidence.Delete(recursive: true);
    }

    /// <summary>
    /// Places <paramref name="script"/> as a real SIP call to the stack's agent (synthesized speech out, the agent
    /// recognised with <paramref name="hints"/>), and returns the caller's report with the agent's evidence package.
    /// </summary>
    internal async Task<PathCall> PlaceAsync(CallScript script, RecognitionHints? hints = null, TimeSpan? maxCallDuration = null)
    {
        var options = new ScriptedCallerOptions
        {
            // Caller and agent share this process's two cores: on a loaded machine the agent's pause between two
            // synthesized sentences can pass the default 0.8 s, and the caller would talk over the rest of its turn.
            EndOfTurnSilence = TimeSpan.FromSeconds(2),
            AgentResponseTimeout = TimeSpan.FromSeconds(20),
            MaxCallDuration = maxCallDuration ?? TimeSpan.FromMinutes(3),
            Hints = hints ?? RecognitionHints.None,
        };
        var caller = new ScriptedCaller(script, Services.GetRequiredService<ITextToSpeech>(), Services.GetRequiredService<ISpeechToText>(), options);
        var marks = new CallerLineMarks(caller, TimeProvider.System);
        var report = await SipCallerLeg.CallAsync(
            caller,
            marks,
            EmbeddedStack.SipTarget(Services),
            Codecs,
            Services.GetRequiredService<PlayoutScheduler>(),
            recording: null,
            options.MaxCallDuration,
            cancellationToken: TestContext.Current.CancellationToken);
        if (report.Disposition == CallDisposition.NotConnected)
        {
            throw new Xunit.Sdk.XunitException($"The call did not connect: {report.EndReason}");
        }

        var evidence = Services.GetRequiredService<EvidenceStore>();
        var file = Path.Combine(evidence.PackagePath(report.CallId), EvidenceStore.CallFile);
        try
        {
            await Eventually.TrueAsync(() => File.Exists(file), EvidenceTimeout, $"the evidence package of call {report.CallId} is written");
        }
        catch (TimeoutException e)
        {
            throw new Xunit.Sdk.XunitException(e.Message + Environment.NewLine + "Caller's report:" + Environment.NewLine + CallReportJson.Serialize(report), e);
        }

        return new PathCall(report, await ReadWhenCompleteAsync(evidence, report.CallId), marks);
    }

    // The file appears when the grain starts writing it: a read that races the write sees a partial document.
    private static async Task<CallEvidence> ReadWhenCompleteAsync(EvidenceStore evidence, string callId)
    {
        CallEvidence? read = null;
        await Eventually.TrueAsync(
            async () =>
            {
                try
                {
                    read = await evidence.ReadAsync(callId, TestContext.Current.CancellationToken);
                    return true;
                }
                catch (Exception e) when (e is System.Text.Json.JsonException or IOException)
                {
                    return false;
                }
            },
            EvidenceTimeout,
            $"the evidence package of call {callId} is readable");
        return read!;
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "agents", "customer-service.yaml")))
            {
                return dir.FullName;
            }
        }

        throw new FileNotFoundException("agents/customer-service.yaml not found above " + AppContext.BaseDirectory);
    }
}

/// <summary>The path tests run one at a time: each call runs synthesis and recognition on both sides on two shared cores.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AgentPathsCollection
{
    public const string Name = "Agent paths over SIP";
}
