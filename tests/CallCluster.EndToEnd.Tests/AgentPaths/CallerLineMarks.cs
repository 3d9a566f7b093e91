using System.Collections.Concurrent;
using CallCluster.Edge.Calls;
using CallCluster.Load.Calls;

namespace CallCluster.EndToEnd.Tests.AgentPaths;

/// <summary>
/// The scripted caller with the test listening in: when each of the caller's lines finished playing on its leg
/// (its <see cref="CallerLineMark.End"/> playout mark), on the same clock as the stack's evidence. The caller sees every event unchanged.
/// </summary>
internal sealed class CallerLineMarks(ScriptedCaller caller, TimeProvider time) : ICallMediaHandler
{
    private readonly ConcurrentDictionary<int, DateTimeOffset> _ends = new();

    /// <summary>When the caller's <paramref name="line"/>-th scripted turn (1-based) finished playing, if it did.</summary>
    public DateTimeOffset? LineEndedAt(int line) => _ends.TryGetValue(line, out var at) ? at : null;

    public async ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken) =>
        new Session(this, await caller.AcceptCallAsync(call, channel, cancellationToken));

    private void OnLineEnded(int line) => _ends.TryAdd(line, time.GetUtcNow());

    private sealed class Session(CallerLineMarks owner, ICallMediaSession inner) : ICallMediaSession
    {
        public ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken) => inner.OnCallerAudioAsync(frame, cancellationToken);

        public ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken) => inner.OnDtmfAsync(digit, cancellationToken);

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
        {
            if (mark.Outcome == PlayoutMarkOutcome.Played && CallerLineMark.TryParse(mark.Name, out var line, out var ended) && ended)
            {
                owner.OnLineEnded(line);
            }

            return inner.OnPlayoutMarkAsync(mark, cancellationToken);
        }

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken) => inner.OnCallEndedAsync(end, cancellationToken);
    }
}
