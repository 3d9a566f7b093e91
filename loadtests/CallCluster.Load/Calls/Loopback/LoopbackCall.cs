using CallCluster.Edge;
using CallCluster.Edge.Calls;
using CallCluster.Edge.Playout;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Load.Calls.Loopback;

/// <summary>
/// A call with no network: a caller's handler and an agent's handler on two <see cref="EdgeCall"/>s whose lines are
/// joined in memory, both paced by one <see cref="PlayoutScheduler"/>. Each side's audio reaches the other 20 ms at a
/// time exactly as it would over RTP, so callers, agents and responders can be tested against each other with real audio.
/// </summary>
public sealed class LoopbackCall : IAsyncDisposable
{
    private LoopbackCall(EdgeCall callerLeg, EdgeCall agentLeg)
    {
        CallerLeg = callerLeg;
        AgentLeg = agentLeg;
    }

    /// <summary>The caller's side; its handler hears the agent.</summary>
    public EdgeCall CallerLeg { get; }

    /// <summary>The agent's side; its handler hears the caller.</summary>
    public EdgeCall AgentLeg { get; }

    /// <summary>Completes when both handlers have seen the end of the call.</summary>
    public Task Completion => Task.WhenAll(CallerLeg.Completion, AgentLeg.Completion);

    /// <summary>
    /// Connects <paramref name="caller"/> to <paramref name="agent"/> and starts the call (the agent answers first).
    /// <paramref name="scheduler"/> must be started; <paramref name="callerTap"/> optionally records the caller's leg.
    /// </summary>
    public static async Task<LoopbackCall> StartAsync(
        ICallMediaHandler caller,
        ICallMediaHandler agent,
        PlayoutScheduler scheduler,
        ICallAudioTapFactory? callerTap = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(caller);
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(scheduler);
        var id = $"loopback-{Guid.NewGuid():N}";
        var callerLine = new LoopbackLine();
        var agentLine = new LoopbackLine();
        var callerLeg = Factory(caller, scheduler, callerTap).Create(Info(id, "agent"), callerLine);
        var agentLeg = Factory(agent, scheduler, null).Create(Info(id, "caller"), agentLine);
        (callerLine.Own, callerLine.Far) = (callerLeg, agentLeg);
        (agentLine.Own, agentLine.Far) = (agentLeg, callerLeg);
        var call = new LoopbackCall(callerLeg, agentLeg);
        try
        {
            await agentLeg.StartAsync(cancellationToken);
            await callerLeg.StartAsync(cancellationToken);
        }
        catch
        {
            await call.DisposeAsync();
            throw;
        }

        return call;
    }

    /// <summary>Delivers digits from the caller to the agent out of band, as RFC 4733 events would arrive.</summary>
    public TimeSpan SendDigitsToAgent(string digits)
    {
        ArgumentNullException.ThrowIfNull(digits);
        foreach (var digit in digits)
        {
            AgentLeg.PostDtmf(digit);
        }

        // No wire: the agent has the keys at once (a ScriptedCaller.DigitSender's answer).
        return TimeSpan.Zero;
    }

    /// <summary>Ends both legs (if still up) and waits for both handlers to see it.</summary>
    public async ValueTask DisposeAsync()
    {
        await AgentLeg.DisposeAsync();
        await CallerLeg.DisposeAsync();
    }

    private static EdgeCallFactory Factory(ICallMediaHandler handler, PlayoutScheduler scheduler, ICallAudioTapFactory? tap) =>
        new(handler, scheduler, Options.Create(new EdgeOptions()), Options.Create(new PlayoutOptions()), NullLogger<EdgeCall>.Instance, tap);

    // The far party's name is what each side sees as "the caller" of its own leg.
    private static CallStartInfo Info(string id, string farParty) =>
        new(id, farParty, "loopback", "L16/16000", DtmfCapability.Rfc4733, new Dictionary<string, string>(StringComparer.Ordinal));
}
