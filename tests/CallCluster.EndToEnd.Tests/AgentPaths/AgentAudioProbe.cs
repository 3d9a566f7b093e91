using System.Collections.Concurrent;
using CallCluster.Edge.Calls;

namespace CallCluster.EndToEnd.Tests.AgentPaths;

/// <summary>
/// Registered as the stack's <see cref="ICallAudioTapFactory"/>: for each call, when the agent's edge put an audible
/// frame of agent audio on the line (the playout clock hands the frame to RTP right after the tap sees it). This is the
/// platform's side of "the agent stopped talking", before any network, jitter buffer or VAD on the caller's side.
/// </summary>
internal sealed class AgentAudioProbe(TimeProvider time) : ICallAudioTapFactory
{
    /// <summary>About -36 dBFS: synthesisers pad with digital silence and a cleared playout sends silence.</summary>
    private const int AudibleSample = 512;

    private readonly ConcurrentDictionary<string, Tap> _calls = new(StringComparer.Ordinal);

    public ICallAudioTap? Create(CallStartInfo call)
    {
        ArgumentNullException.ThrowIfNull(call);
        return _calls.GetOrAdd(call.CallId, _ => new Tap(time));
    }

    /// <summary>When each audible agent frame of <paramref name="callId"/> went out (its start), in order; empty for an unknown call.</summary>
    public IReadOnlyList<DateTimeOffset> AudibleFramesSent(string callId) =>
        _calls.TryGetValue(callId, out var tap) ? tap.Snapshot() : [];

    private static bool IsAudible(ReadOnlySpan<short> frame)
    {
        foreach (var sample in frame)
        {
            if (sample is >= AudibleSample or <= -AudibleSample)
            {
                return true;
            }
        }

        return false;
    }

    private sealed class Tap(TimeProvider time) : ICallAudioTap
    {
        private readonly Lock _gate = new();
        private readonly List<DateTimeOffset> _audible = [];

        public void OnCallerFrame(ReadOnlySpan<short> frame)
        {
        }

        public void OnAgentFrame(ReadOnlySpan<short> frame)
        {
            if (!IsAudible(frame))
            {
                return;
            }

            var at = time.GetUtcNow();
            lock (_gate)
            {
                _audible.Add(at);
            }
        }

        public IReadOnlyList<DateTimeOffset> Snapshot()
        {
            lock (_gate)
            {
                return [.. _audible];
            }
        }

        public void Dispose()
        {
            // The frames stay for the test to read after the call.
        }
    }
}
