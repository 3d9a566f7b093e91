using CallCluster.Edge.Calls;

namespace CallCluster.Edge.Tests.Support;

/// <summary>
/// A handler that writes down every event its calls receive, in order, and lets a test await a condition on them
/// (no polling). <see cref="OnAudio"/> lets a test make the handler slow or answer audio.
/// </summary>
internal sealed class RecordingHandler : ICallMediaHandler
{
    private readonly TaskCompletionSource<RecordingSession> _accepted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Func<ReadOnlyMemory<short>, CancellationToken, ValueTask>? OnAudio { get; init; }

    public Func<RecordingSession, ValueTask>? OnDtmf { get; init; }

    public Exception? RejectWith { get; init; }

    /// <summary>The first call's session, once accepted.</summary>
    public Task<RecordingSession> Accepted => _accepted.Task;

    public ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken)
    {
        if (RejectWith is not null)
        {
            throw RejectWith;
        }

        var session = new RecordingSession(this, call, channel);
        _accepted.TrySetResult(session);
        return ValueTask.FromResult<ICallMediaSession>(session);
    }

    internal sealed class RecordingSession(RecordingHandler handler, CallStartInfo call, ICallMediaChannel channel) : ICallMediaSession
    {
        private readonly List<string> _events = [];
        private readonly List<short[]> _callerFrames = [];
        private readonly List<(Func<IReadOnlyList<string>, bool> Condition, TaskCompletionSource Done)> _waiters = [];

        public CallStartInfo Call { get; } = call;

        public ICallMediaChannel Channel { get; } = channel;

        public IReadOnlyList<string> Events
        {
            get
            {
                lock (_events)
                {
                    return [.. _events];
                }
            }
        }

        public IReadOnlyList<short[]> CallerFrames
        {
            get
            {
                lock (_events)
                {
                    return [.. _callerFrames];
                }
            }
        }

        /// <summary>Completes once <paramref name="condition"/> holds for the events so far; fails after <paramref name="timeout"/>.</summary>
        public async Task WaitForAsync(Func<IReadOnlyList<string>, bool> condition, string what, TimeSpan? timeout = null)
        {
            var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            lock (_events)
            {
                if (condition(_events))
                {
                    return;
                }

                _waiters.Add((condition, done));
            }

            try
            {
                await done.Task.WaitAsync(timeout ?? TimeSpan.FromSeconds(30));
            }
            catch (TimeoutException e)
            {
                throw new TimeoutException($"Timed out waiting for {what}; events so far: {string.Join(", ", Events)}", e);
            }
        }

        public async ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken)
        {
            Add($"audio {frame.Span[0]}", frame.ToArray());
            if (handler.OnAudio is { } onAudio)
            {
                await onAudio(frame, cancellationToken);
            }
        }

        public async ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken)
        {
            Add($"dtmf {digit}");
            if (handler.OnDtmf is { } onDtmf)
            {
                await onDtmf(this);
            }
        }

        public ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken)
        {
            Add($"mark {mark.Name} {mark.Outcome}");
            return ValueTask.CompletedTask;
        }

        public ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken)
        {
            Add($"ended {end.By} {end.Reason}");
            return ValueTask.CompletedTask;
        }

        private void Add(string entry, short[]? frame = null)
        {
            List<TaskCompletionSource> satisfied = [];
            lock (_events)
            {
                _events.Add(entry);
                if (frame is not null)
                {
                    _callerFrames.Add(frame);
                }

                _waiters.RemoveAll(w =>
                {
                    if (!w.Condition(_events))
                    {
                        return false;
                    }

                    satisfied.Add(w.Done);
                    return true;
                });
            }

            satisfied.ForEach(d => d.TrySetResult());
        }
    }
}
