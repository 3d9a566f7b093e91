using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// The one clock that paces every call's agent audio on this edge. Ticks fall on an absolute grid of
/// <see cref="TimeProvider"/> timestamps (start + n × 20 ms), so sleeping late never accumulates into drift. Each tick takes
/// one frame from every registered <see cref="PlayoutBuffer"/> and hands it to the call's <see cref="IPlayoutSink"/>.
/// <para>
/// The calls are split across <see cref="PlayoutOptions.Shards"/> shards, each run by two dedicated threads on the same
/// grid: a preparing thread that takes the next frames and has the sinks encode and packetise them (and, for RTP, tick the
/// receive side), and a pacing thread that at the due time does nothing but hand the prepared packets to the network.
/// So the codec work of hundreds of calls never delays a send, and one wake-up per shard per 20 ms serves every call
/// instead of a timer per call.
/// </para>
/// </summary>
public sealed class PlayoutScheduler : IDisposable
{
    private static readonly long PeriodTicks = AudioFormat.FrameDuration.Ticks;

    private readonly PlayoutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PlayoutScheduler> _logger;
    private readonly object _registrationGate = new();
    private readonly PlayoutShard[] _shards;
    private readonly long _period;
    private readonly List<Thread> _threads = [];
    private volatile bool _stopping;
    private long _epoch;
    private long _nextDue = -1;
    private long _ticks;
    private int _disposed;

    public PlayoutScheduler(IOptions<PlayoutOptions> options, TimeProvider timeProvider, ILogger<PlayoutScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
        _period = PeriodTicks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        _shards = new PlayoutShard[Math.Max(1, _options.Shards)];
        for (var i = 0; i < _shards.Length; i++)
        {
            _shards[i] = new PlayoutShard(i, logger);
        }
    }

    /// <summary>Lateness of every tick so far: from the due time to the moment the pacing thread starts sending.</summary>
    public TickJitterHistogram Jitter { get; } = new();

    /// <summary>
    /// Lateness of the last packet of every tick: from the due time to the moment the pacing thread has handed its
    /// shard's last packet to the network. <see cref="Jitter"/> plus the time the sends themselves take.
    /// </summary>
    public TickJitterHistogram SendCompletion { get; } = new();

    /// <summary>Ticks run so far (skipped ticks not included); with several shards, those of the first.</summary>
    public long TicksRun => Interlocked.Read(ref _ticks);

    /// <summary>The clock the ticks follow; the edge dates playout marks by it.</summary>
    public TimeProvider Time => _time;

    /// <summary>Calls currently paced.</summary>
    public int ActiveStreams => _shards.Sum(s => s.Count);

    /// <summary>Starts the dedicated threads, two per shard. Idempotent.</summary>
    public void Start()
    {
        lock (_registrationGate)
        {
            ObjectDisposedException.ThrowIf(_disposed != 0, this);
            if (_threads.Count > 0)
            {
                return;
            }

            // The first tick is one period away, so the preparing threads have a whole tick to build it.
            _epoch = _time.GetTimestamp() + _period;
            foreach (var shard in _shards)
            {
                // Both threads of a shard get the raised priority: a send waits for its frames to be prepared.
                _threads.Add(new Thread(() => PrepareLoop(shard))
                {
                    IsBackground = true,
                    Name = $"Playout prepare {shard.Index}",
                    Priority = _options.ThreadPriority,
                });
                _threads.Add(new Thread(() => PaceLoop(shard))
                {
                    IsBackground = true,
                    Name = $"Playout pace {shard.Index}",
                    Priority = _options.ThreadPriority,
                });
            }

            foreach (var thread in _threads)
            {
                thread.Start();
            }
        }
    }

    /// <summary>
    /// Starts pacing <paramref name="buffer"/> into <paramref name="sink"/> from the next tick on. From then on the first
    /// frame of a talk spurt queued while the call is idle goes out at once (<see cref="IPlayoutSink.TrySendNow"/>).
    /// </summary>
    /// <returns>Dispose it to stop pacing the call.</returns>
    /// <exception cref="InvalidOperationException">The buffer is already paced.</exception>
    public PlayoutRegistration Register(PlayoutBuffer buffer, IPlayoutSink sink)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(sink);
        var registration = new PlayoutRegistration(this, buffer, sink);
        lock (_registrationGate)
        {
            if (buffer.Registration is not null)
            {
                throw new InvalidOperationException("The playout buffer is already paced; dispose its registration first.");
            }

            // Copy-on-write inside the shard: calls come and go rarely, ticks read the array 50 times a second without a lock.
            var shard = _shards.MinBy(s => s.Count)!;
            registration.Shard = shard;
            shard.Add(registration);
            buffer.Registration = registration;
        }

        return registration;
    }

    /// <summary>Stops the threads and waits for the tick in progress to finish.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _stopping = true;
        Thread[] threads;
        lock (_registrationGate)
        {
            threads = [.. _threads];
        }

        foreach (var shard in _shards)
        {
            // Wake both threads of the shard; each sees the stop flag and leaves its loop.
            shard.Sent.Release();
            shard.Prepared.Release();
        }

        foreach (var thread in threads)
        {
            thread.Join();
        }

        foreach (var shard in _shards)
        {
            shard.Dispose();
        }
    }

    internal void Unregister(PlayoutRegistration registration)
    {
        var shard = registration.Shard!;
        lock (_registrationGate)
        {
            shard.Remove(registration);
            if (ReferenceEquals(registration.Buffer.Registration, registration))
            {
                registration.Buffer.Registration = null;
            }
        }

        // Outside the registration lock: waiting out a tick step must not hold up other calls coming and going.
        shard.WaitOutStep();
    }

    /// <summary>
    /// Runs every tick due at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp) on the calling thread, each
    /// shard's prepare, send and settle back to back, and returns the timestamp of the next due tick. The first call
    /// anchors the grid. The threads run the same steps; this path lets tests drive them with a manual clock.
    /// </summary>
    internal long RunDueTicks(long now)
    {
        if (_nextDue < 0)
        {
            _nextDue = now;
        }

        _nextDue = SkipStalled(_nextDue, now);
        while (_nextDue <= now)
        {
            RecordLateness(Jitter, _nextDue, now);
            foreach (var shard in _shards)
            {
                shard.Prepare();
                shard.Send();
                shard.Settle();
            }

            RecordLateness(SendCompletion, _nextDue, _time.GetTimestamp());
            Interlocked.Increment(ref _ticks);
            _nextDue += _period;
        }

        return _nextDue;
    }

    /// <summary>After a stall longer than the catch-up allowance, moves <paramref name="due"/> along the grid past ticks too old to send.</summary>
    private long SkipStalled(long due, long now)
    {
        var behind = (now - due) / _period;
        if (behind <= _options.MaxCatchUpTicks)
        {
            return due;
        }

        // Stay on the original grid (no drift) but give up on ticks too old to be worth sending.
        var skipped = behind - _options.MaxCatchUpTicks;
        EdgeMetrics.TicksSkipped.Add(skipped);
        _logger.LogWarning("Playout stalled; skipped {Skipped} ticks ({Milliseconds} ms).", skipped, skipped * AudioFormat.FrameMilliseconds);
        return due + (skipped * _period);
    }

    private void RecordLateness(TickJitterHistogram histogram, long due, long at)
    {
        var lateness = _time.GetElapsedTime(due, at);
        histogram.Record(lateness);
        if (ReferenceEquals(histogram, Jitter))
        {
            EdgeMetrics.TickLateness.Record(lateness.TotalMilliseconds);
        }
    }

    /// <summary>
    /// Applies <see cref="PlayoutOptions.RealtimePriority"/> (one above it for the pacing threads, which share a CPU
    /// with the preparing ones and must not wait for a preparing step to end), or else
    /// <see cref="PlayoutOptions.ThreadPriority"/> where .NET does not (Linux), on the thread itself.
    /// </summary>
    private void RaisePriority(bool pacing)
    {
        if (_options.RealtimePriority > 0)
        {
            var priority = Math.Min(99, _options.RealtimePriority + (pacing ? 1 : 0));
            if (RealtimeScheduling.TryApplyToCurrentThread(priority) is not { } refused)
            {
                return;
            }

            _logger.LogInformation("Playout thread {Thread} is not real-time ({Reason}); it runs at {Priority} priority.", Thread.CurrentThread.Name, refused, _options.ThreadPriority);
        }

        if (ThreadNice.TryApplyToCurrentThread(_options.ThreadPriority) is { } failure)
        {
            _logger.LogInformation(
                "Playout thread {Thread} keeps its default priority ({Reason}); under CPU contention its ticks may run late.",
                Thread.CurrentThread.Name, failure);
        }
    }

    private void PrepareLoop(PlayoutShard shard)
    {
        RaisePriority(pacing: false);
        while (true)
        {
            shard.Sent.Wait();
            if (_stopping)
            {
                return;
            }

            shard.Settle();
            shard.Prepare();
            shard.Prepared.Release();
        }
    }

    private void PaceLoop(PlayoutShard shard)
    {
        RaisePriority(pacing: true);
        var due = _epoch;
        while (!_stopping)
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), due);
            if (remaining > TimeSpan.Zero)
            {
                // Rounded up to whole milliseconds: waking up to 1 ms late is inaudible, spinning on a shared CPU is not free.
                Thread.Sleep((int)Math.Ceiling(remaining.TotalMilliseconds));
                continue;
            }

            due = SkipStalled(due, _time.GetTimestamp());

            // Normally signalled long ago; waits only when preparing took longer than a tick (an overloaded CPU).
            shard.Prepared.Wait();
            if (_stopping)
            {
                return;
            }

            RecordLateness(Jitter, due, _time.GetTimestamp());
            shard.Send();
            RecordLateness(SendCompletion, due, _time.GetTimestamp());
            shard.Sent.Release();
            if (shard.Index == 0)
            {
                Interlocked.Increment(ref _ticks);
            }

            due += _period;
        }
    }
}
