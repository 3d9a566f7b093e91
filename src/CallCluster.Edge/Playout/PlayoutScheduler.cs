using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// The one clock that paces every call's agent audio on this edge. A dedicated thread ticks every 20 ms on an absolute
/// grid of <see cref="TimeProvider"/> timestamps (start + n × 20 ms), so sleeping late never accumulates into drift; each
/// tick takes one frame from every registered <see cref="PlayoutBuffer"/> and hands it to the call's <see cref="IPlayoutSink"/>.
/// One loop instead of a timer per call keeps thousands of calls to one wake-up per 20 ms and sends them all in step.
/// </summary>
public sealed class PlayoutScheduler : IDisposable
{
    private static readonly long PeriodTicks = AudioFormat.FrameDuration.Ticks;

    private readonly PlayoutOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<PlayoutScheduler> _logger;
    private readonly object _registrationGate = new();
    private readonly object _tickGate = new();
    private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
    private readonly short[] _silence = new short[AudioFormat.SamplesPerFrame];
    private readonly List<string> _reachedMarks = [];
    private volatile PlayoutRegistration[] _streams = [];
    private Thread? _thread;
    private volatile bool _stopping;
    private long _nextDue = -1;
    private long _ticks;

    public PlayoutScheduler(IOptions<PlayoutOptions> options, TimeProvider timeProvider, ILogger<PlayoutScheduler> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _time = timeProvider;
        _logger = logger;
    }

    /// <summary>Lateness of every tick so far.</summary>
    public TickJitterHistogram Jitter { get; } = new();

    /// <summary>Ticks run so far (skipped ticks not included).</summary>
    public long TicksRun => Interlocked.Read(ref _ticks);

    /// <summary>Calls currently paced.</summary>
    public int ActiveStreams => _streams.Length;

    /// <summary>Starts the dedicated playout thread. Idempotent.</summary>
    public void Start()
    {
        lock (_registrationGate)
        {
            if (_thread is not null)
            {
                return;
            }

            _thread = new Thread(RunLoop)
            {
                IsBackground = true,
                Name = "CallCluster playout",
                Priority = _options.ThreadPriority,
            };
            _thread.Start();
        }
    }

    /// <summary>Starts pacing <paramref name="buffer"/> into <paramref name="sink"/> from the next tick on.</summary>
    /// <returns>Dispose it to stop pacing the call.</returns>
    public PlayoutRegistration Register(PlayoutBuffer buffer, IPlayoutSink sink)
    {
        ArgumentNullException.ThrowIfNull(buffer);
        ArgumentNullException.ThrowIfNull(sink);
        var registration = new PlayoutRegistration(this, buffer, sink);
        lock (_registrationGate)
        {
            // Copy-on-write: calls come and go rarely, ticks read the array 50 times a second without a lock.
            _streams = [.. _streams, registration];
        }

        return registration;
    }

    /// <summary>Stops the thread and waits for the tick in progress to finish.</summary>
    public void Dispose()
    {
        _stopping = true;
        Thread? thread;
        lock (_registrationGate)
        {
            thread = _thread;
        }

        thread?.Join();
    }

    internal void Unregister(PlayoutRegistration registration)
    {
        lock (_registrationGate)
        {
            _streams = Array.FindAll(_streams, s => !ReferenceEquals(s, registration));
        }

        // Wait out a tick in progress, so that once this returns the sink is never called again and its owner
        // may free what the sink uses. (Reentrant: a sink that ends its own call from a tick does not deadlock.)
        lock (_tickGate)
        {
        }
    }

    /// <summary>
    /// Runs every tick due at <paramref name="now"/> (a <see cref="TimeProvider"/> timestamp) and returns the timestamp of
    /// the next due tick. The first call anchors the grid. Separate from the thread so tests drive it with a manual clock.
    /// </summary>
    internal long RunDueTicks(long now)
    {
        var period = PeriodTicks * _time.TimestampFrequency / TimeSpan.TicksPerSecond;
        if (_nextDue < 0)
        {
            _nextDue = now;
        }

        var behind = (now - _nextDue) / period;
        if (behind > _options.MaxCatchUpTicks)
        {
            // Stay on the original grid (no drift) but give up on ticks too old to be worth sending.
            var skipped = behind - _options.MaxCatchUpTicks;
            _nextDue += skipped * period;
            EdgeMetrics.TicksSkipped.Add(skipped);
            _logger.LogWarning("Playout stalled; skipped {Skipped} ticks ({Milliseconds} ms).", skipped, skipped * AudioFormat.FrameMilliseconds);
        }

        while (_nextDue <= now)
        {
            var lateness = _time.GetElapsedTime(_nextDue, now);
            Jitter.Record(lateness);
            EdgeMetrics.TickLateness.Record(lateness.TotalMilliseconds);
            Tick();
            _nextDue += period;
        }

        return _nextDue;
    }

    private void Tick()
    {
        lock (_tickGate)
        {
            TickStreams();
        }

        Interlocked.Increment(ref _ticks);
    }

    private void TickStreams()
    {
        foreach (var stream in _streams)
        {
            _reachedMarks.Clear();
            try
            {
                var hasAudio = stream.Buffer.TryDequeue(_frame, _reachedMarks, out var marksBeforeFrame);
                for (var i = 0; i < marksBeforeFrame; i++)
                {
                    stream.Sink.OnMarkReached(_reachedMarks[i]);
                }

                stream.Sink.SendFrame(hasAudio ? _frame : _silence, comfortSilence: !hasAudio);
                for (var i = marksBeforeFrame; i < _reachedMarks.Count; i++)
                {
                    stream.Sink.OnMarkReached(_reachedMarks[i]);
                }
            }
#pragma warning disable CA1031 // One call's broken sink must not stop the clock for every other call.
            catch (Exception e)
#pragma warning restore CA1031
            {
                _logger.LogError(e, "Playout sink failed; the call's audio for this tick is lost.");
            }
        }
    }

    private void RunLoop()
    {
        var next = RunDueTicks(_time.GetTimestamp());
        while (!_stopping)
        {
            var remaining = _time.GetElapsedTime(_time.GetTimestamp(), next);
            if (remaining > TimeSpan.Zero)
            {
                // Rounded up to whole milliseconds: waking up to 1 ms late is inaudible, spinning on a shared CPU is not free.
                Thread.Sleep((int)Math.Ceiling(remaining.TotalMilliseconds));
                continue;
            }

            next = RunDueTicks(_time.GetTimestamp());
        }
    }
}
