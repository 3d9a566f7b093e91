using System.Collections.Concurrent;

namespace CallCluster.Runtime.Tests.Grains;

/// <summary>What test grains report about their lifecycle, with awaitable notifications (no sleeps in tests).</summary>
public sealed class GrainEvents
{
    private readonly ConcurrentQueue<string> _log = new();
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _waits = new(StringComparer.Ordinal);

    public IReadOnlyList<string> Log => [.. _log];

    public int Count(string prefix) => _log.Count(e => e.StartsWith(prefix, StringComparison.Ordinal));

    public void Record(string entry)
    {
        _log.Enqueue(entry);
        foreach (var (prefix, wait) in _waits)
        {
            if (entry.StartsWith(prefix, StringComparison.Ordinal))
            {
                wait.TrySetResult();
            }
        }
    }

    /// <summary>Completes when an entry starting with <paramref name="prefix"/> is (or was already) recorded.</summary>
    public Task WhenRecorded(string prefix)
    {
        var wait = _waits.GetOrAdd(prefix, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_log.Any(e => e.StartsWith(prefix, StringComparison.Ordinal)))
        {
            wait.TrySetResult();
        }

        return wait.Task;
    }
}
