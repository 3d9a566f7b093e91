using System.Collections.Concurrent;
using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;

namespace CallCluster.Grains.Tests.Support;

/// <summary>
/// The far end of a test call: a line that streams caller audio every 20 ms (silence between lines, like RTP), and
/// receives the agent's paced audio, marks and hang-up. Marks count as played as soon as playout reaches them.
/// </summary>
internal sealed class TestCaller : ICallTransport, IAsyncDisposable
{
    private readonly ConcurrentQueue<short[]> _pending = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _events = [];
    private readonly TaskCompletionSource _hungUp = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly short[] _silence = new short[AudioFormat.SamplesPerFrame];
    private readonly List<List<short>> _agentTurns = [];
    private int _noiseSeed;
    private Task _line = Task.CompletedTask;
    private int _turnsEnded;
    private int _agentFrames;
    private TaskCompletionSource? _drained;

    public EdgeCall? Call { get; private set; }

    public Task HungUp => _hungUp.Task;

    public int TurnsEnded => Volatile.Read(ref _turnsEnded);

    public int AgentFrames => Volatile.Read(ref _agentFrames);

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

    public void Start(EdgeCall call)
    {
        Call = call;
        _line = Task.Run(LineAsync);
    }

    /// <summary>Plays <paramref name="samples"/> (16 kHz) into the call; completes when the last frame was sent.</summary>
    public Task SayAsync(short[] samples)
    {
        var drained = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        // Published before the frames, so the line cannot drain them before it knows whom to tell.
        Volatile.Write(ref _drained, drained);
        for (var offset = 0; offset < samples.Length; offset += AudioFormat.SamplesPerFrame)
        {
            var frame = new short[AudioFormat.SamplesPerFrame];
            samples.AsSpan(offset, Math.Min(frame.Length, samples.Length - offset)).CopyTo(frame);
            _pending.Enqueue(frame);
        }

        return drained.Task;
    }

    /// <summary>Waits until the agent finished <paramref name="turns"/> turns in all (its end marks played).</summary>
    public Task WaitForAgentTurnsAsync(int turns, TimeSpan timeout) =>
        CallCluster.Testing.Eventually.TrueAsync(() => TurnsEnded >= turns || HungUp.IsCompleted, timeout, $"the agent finished {turns} turns (finished {TurnsEnded}; events: {string.Join(", ", Events.TakeLast(8))})");

    /// <summary>The agent's audio as played, one entry per turn (from its start mark on).</summary>
    public IReadOnlyList<short[]> AgentTurnAudio
    {
        get
        {
            lock (_agentTurns)
            {
                return [.. _agentTurns.Select(t => t.ToArray())];
            }
        }
    }

    public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
    {
        if (comfortSilence)
        {
            return;
        }

        Interlocked.Increment(ref _agentFrames);
        lock (_agentTurns)
        {
            if (_agentTurns.Count > 0)
            {
                _agentTurns[^1].AddRange(frame);
            }
        }
    }

    public void OnMarkReached(string name)
    {
        Add("mark " + name);
        if (name.EndsWith("/start", StringComparison.Ordinal))
        {
            lock (_agentTurns)
            {
                _agentTurns.Add([]);
            }
        }

        if (name.EndsWith("/end", StringComparison.Ordinal))
        {
            Interlocked.Increment(ref _turnsEnded);
        }

        Call?.ReportMarkPlayed(name);
    }

    public void OnPlayoutCleared() => Add("clear");

    public ValueTask HangUpAsync(CancellationToken cancellationToken)
    {
        Add("hangup");
        _hungUp.TrySetResult();
        return ValueTask.CompletedTask;
    }

    /// <summary>The line refuses transfers, as a SIP edge does for a queue nobody configured.</summary>
    public bool RefuseTransfers { get; set; }

    public ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        Add("transfer " + request.Target);
        return RefuseTransfers
            ? ValueTask.FromException(new InvalidOperationException($"No transfer target is configured for '{request.Target}'."))
            : ValueTask.CompletedTask;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _line;
        _stop.Dispose();
    }

    private async Task LineAsync()
    {
        using var timer = new PeriodicTimer(AudioFormat.FrameDuration);
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token) && Call is { HasEnded: false } call)
            {
                if (_pending.TryDequeue(out var frame))
                {
                    LineNoise.AddTo(frame, ++_noiseSeed);
                    call.PostCallerAudio(frame);
                    if (_pending.IsEmpty)
                    {
                        Volatile.Read(ref _drained)?.TrySetResult();
                    }
                }
                else
                {
                    Array.Clear(_silence);
                    LineNoise.AddTo(_silence, ++_noiseSeed);
                    call.PostCallerAudio(_silence);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
        finally
        {
            Volatile.Read(ref _drained)?.TrySetException(new InvalidOperationException("The call ended while the caller was speaking."));
        }
    }

    private void Add(string entry)
    {
        lock (_events)
        {
            _events.Add(entry);
        }
    }
}
