using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using CallCluster.Agent.Engine;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using Polly.Timeout;

namespace CallCluster.Agent.Tools;

/// <summary>
/// Runs a tool the way the server must: validate arguments against the schema, authorize from call state,
/// answer repeats from the idempotency ledger, execute under timeout / retry (only when idempotent) / circuit
/// breaker, and write an audit row. It never throws for a tool's failure: the outcome says what happened.
/// </summary>
public sealed class ToolExecutor
{
    private readonly Dictionary<string, IToolBackend> _backends;
    private readonly IToolAuditSink _audit;
    private readonly TimeProvider _time;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<ToolResult>> _pipelines = new(StringComparer.Ordinal);

    public ToolExecutor(IEnumerable<IToolBackend> backends, IToolAuditSink audit, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(backends);
        _backends = backends.ToDictionary(b => b.Name, StringComparer.Ordinal);
        _audit = audit;
        _time = time;
    }

    public async ValueTask<ToolCallRecord> ExecuteAsync(ToolDefinition tool, IReadOnlyDictionary<string, string> arguments, ConversationState state, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tool);
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(state);
        var started = _time.GetTimestamp();
        var json = tool.Arguments.Coerce(arguments);
        var (result, replayed, error) = await RunAsync(tool, arguments, json, state, cancellationToken);
        var latency = _time.GetElapsedTime(started);
        if (result.Outcome == ToolResult.Ok && tool.SetsFlag is { } flag && !state.Flags.Contains(flag, StringComparer.Ordinal))
        {
            state.Flags.Add(flag);
        }

        state.Results[tool.Name] = new Dictionary<string, string>(result.Data, StringComparer.Ordinal);
        var record = new ToolCallRecord(tool.Name, arguments, result.Outcome, result.Data, latency, replayed, error);
        try
        {
            await _audit.WriteAsync(
                new ToolAuditRecord(state.CallId, state.AgentVersion, tool.Name, Redact(tool, json), result.Outcome, JsonSerializer.Serialize(result.Data), latency, replayed, error, _time.GetUtcNow()),
                cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The caller must still get an answer when the audit store is down; the turn carries the error.
            record = record with { Error = (error is null ? string.Empty : error + "; ") + "audit write failed: " + e.Message };
        }

        return record;
    }

    private async ValueTask<(ToolResult Result, bool Replayed, string? Error)> RunAsync(
        ToolDefinition tool, IReadOnlyDictionary<string, string> arguments, JsonObject json, ConversationState state, CancellationToken cancellationToken)
    {
        var invalid = tool.Arguments.Validate(json);
        if (invalid.Count > 0)
        {
            return (ToolResult.Of(ToolResult.Invalid), false, "invalid arguments: " + string.Join("; ", invalid));
        }

        var missing = tool.Requires.Where(f => !state.Flags.Contains(f, StringComparer.Ordinal)).ToList();
        if (missing.Count > 0)
        {
            return (ToolResult.Of(ToolResult.Denied), false, "not authorized: call lacks " + string.Join(", ", missing));
        }

        string? key = null;
        if (tool.IdempotencyKey is { } template)
        {
            key = tool.Name + ":" + template.Render(name => arguments.GetValueOrDefault(name));
            if (state.Ledger.TryGetValue(key, out var previous))
            {
                return (new ToolResult(previous.Outcome, previous.Result), true, null);
            }
        }

        if (!_backends.TryGetValue(tool.Backend, out var backend))
        {
            return (ToolResult.Of(ToolResult.Error), false, $"no '{tool.Backend}' backend is configured");
        }

        var invocation = new ToolInvocation(tool, json, key, state.CallId, state.RunId, state.CallerNumber);
        try
        {
            var result = await Pipeline(tool).ExecuteAsync(static (invocation, token) => invocation.Backend.ExecuteAsync(invocation.Invocation, token), (Backend: backend, Invocation: invocation), cancellationToken);
            if (key is not null && result.Outcome != ToolResult.Error)
            {
                state.Ledger[key] = new LedgerEntry(tool.Name, result.Outcome, new Dictionary<string, string>(result.Data, StringComparer.Ordinal));
            }

            return (result, false, null);
        }
        catch (BrokenCircuitException)
        {
            return (ToolResult.Of(ToolResult.Error), false, "circuit open: the backend failed repeatedly");
        }
        catch (TimeoutRejectedException)
        {
            return (ToolResult.Of(ToolResult.Error), false, $"timed out after {tool.Timeout.TotalMilliseconds:0} ms");
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return (ToolResult.Of(ToolResult.Error), false, e.GetType().Name + ": " + e.Message);
        }
    }

    private ResiliencePipeline<ToolResult> Pipeline(ToolDefinition tool) => _pipelines.GetOrAdd(tool.Name, _ =>
    {
        var builder = new ResiliencePipelineBuilder<ToolResult> { TimeProvider = _time };
        if (tool.MayRetry && tool.Retries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ToolResult>
            {
                MaxRetryAttempts = tool.Retries,
                Delay = TimeSpan.FromMilliseconds(100),
                BackoffType = DelayBackoffType.Exponential,
                ShouldHandle = new PredicateBuilder<ToolResult>().Handle<Exception>(e => e is not (BrokenCircuitException or OperationCanceledException)),
            });
        }

        return builder
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions<ToolResult>
            {
                // Five failures in half a minute, mostly failing: stop hammering it for 30 s, answer callers at once.
                FailureRatio = 0.5,
                MinimumThroughput = 5,
                SamplingDuration = TimeSpan.FromSeconds(30),
                BreakDuration = TimeSpan.FromSeconds(30),
                ShouldHandle = new PredicateBuilder<ToolResult>().Handle<Exception>(e => e is not OperationCanceledException),
            })
            .AddTimeout(tool.Timeout)
            .Build();
    });

    private static string Redact(ToolDefinition tool, JsonObject arguments)
    {
        var copy = (JsonObject)arguments.DeepClone();
        foreach (var name in tool.Redact.Where(copy.ContainsKey))
        {
            copy[name] = "[redacted]";
        }

        return copy.ToJsonString();
    }
}
