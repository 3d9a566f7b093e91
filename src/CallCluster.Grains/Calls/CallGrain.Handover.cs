using CallCluster.Agent.TurnTaking;
using Microsoft.Extensions.Logging;

namespace CallCluster.Grains.Calls;

// A live call survives a graceful shutdown of its silo: the silo waits for it up to its grace (the open stream and
// DelayDeactivation both say the call is live), and when the grace ends first the call is handed over rather than cut.
public sealed partial class CallGrain
{
    /// <summary>While the call is live, a graceful shutdown and idle collection wait for this activation (up to the grace).</summary>
    private void KeepAliveWhileLive() => DelayDeactivation(_options.TurnTaking.MaxCallDuration);

    /// <summary>
    /// The silo's grace ended with the call still live. A decision in flight is waited for (at most the decision timeout,
    /// after which the machine would give up on it anyway) and adopted, so that its tool calls are in the ledger; then
    /// the checkpoint is written. The runtime then closes the stream as "migrating"; the edge re-opens it, and the next
    /// activation resumes from this checkpoint exactly as after a failover: the resume line, then the current node.
    /// </summary>
    private async Task HandOverAsync()
    {
        if (_machine is null || _machine.State == TurnState.Ended || _state.State.Ended)
        {
            return;
        }

        if (_decision is not null && _decisionRun is { } run)
        {
            try
            {
                if (await run.WaitAsync(_options.TurnTaking.DecisionTimeout) is { } result)
                {
                    await OnDecisionAsync(result);
                }
            }
            catch (TimeoutException)
            {
                // The machine's own timeout would have played the fallback: the next activation re-asks the node.
            }
        }

        await WriteCheckpointAsync(_machine.Snapshot());
        _logger.LogInformation("Call {CallId}: the silo is shutting down; activation {Activation} handed the call over.", GrainId.Key, _activation);
    }
}
