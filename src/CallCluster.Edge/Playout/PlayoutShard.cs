using Microsoft.Extensions.Logging;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// A share of the calls of the one <see cref="PlayoutScheduler"/>, run in three steps per tick so that the send happens
/// on time: <see cref="Prepare"/> takes each call's next frame and lets its sink encode and packetise it (ahead of the
/// tick, off the pacing thread); <see cref="Send"/> hands the prepared packets to the network at the due time (the pacing
/// thread's only work); <see cref="Settle"/> then reports the marks whose audio has now gone out.
/// The steps of one shard never overlap: the threaded loop runs them in turn, handing over through two semaphores.
/// <para>
/// A talk spurt that starts on an idle call never waits for the grid: its first frame goes out as soon as the gate is
/// free (<see cref="SendEarly"/>, on the thread that queued it), in place of the comfort silence prepared for the coming
/// tick, or, when that silence is already out, as the next tick's frame built and sent ahead of it; a spurt that
/// <see cref="Prepare"/> finds first is sent as soon as it is built. Waiting for the due time instead added up to a
/// whole tick (20 ms) to the turn, which at 50 calls was most of the platform overhead's tail. A mark placed behind no
/// audio is reported at once (<see cref="ReportMarksIfIdle"/>). All of these take the same gate as the steps, so they
/// never overlap them.
/// </para>
/// </summary>
internal sealed class PlayoutShard : IDisposable
{
    // Steps (and the early paths) running on this thread, of any shard: a thread inside one neither sends early nor
    // reports marks out of turn, which would re-enter a step or take a second shard's gate while holding one.
    [ThreadStatic]
    private static int t_stepDepth;

    private readonly ILogger _logger;
    private readonly object _gate = new();
    private readonly short[] _frame = new short[AudioFormat.SamplesPerFrame];
    private readonly short[] _silence = new short[AudioFormat.SamplesPerFrame];
    private readonly List<string> _reachedMarks = [];
    private readonly SemaphoreSlim _prepared = new(0);
    private readonly SemaphoreSlim _sent = new(1);
    private volatile PlayoutRegistration[] _streams = [];

    // The streams the last Prepare handled, which the next Send and Settle work through.
    private PlayoutRegistration[] _inFlight = [];

    // Non-zero when some stream has MarksWaiting: set by a mark's owner that found the gate busy.
    private int _marksWaiting;

    public PlayoutShard(int index, ILogger logger)
    {
        Index = index;
        _logger = logger;
    }

    public int Index { get; }

    public int Count => _streams.Length;

    /// <summary>True while this thread runs a step of some shard (or one of the early paths).</summary>
    public static bool InStep => t_stepDepth > 0;

    /// <summary>Signalled by the preparing thread when <see cref="Prepare"/> is done; the pacer waits on it.</summary>
    public SemaphoreSlim Prepared => _prepared;

    /// <summary>Signalled by the pacer when <see cref="Send"/> is done; the preparing thread waits on it.</summary>
    public SemaphoreSlim Sent => _sent;

    /// <summary>Adds a stream; the caller holds the scheduler's registration lock (copy-on-write).</summary>
    public void Add(PlayoutRegistration registration) => _streams = [.. _streams, registration];

    /// <summary>Removes a stream; the caller holds the scheduler's registration lock, then calls <see cref="WaitOutStep"/>.</summary>
    public void Remove(PlayoutRegistration registration)
    {
        registration.Stopped = true;
        _streams = Array.FindAll(_streams, s => !ReferenceEquals(s, registration));
    }

    /// <summary>
    /// Waits for a step in progress, so that once a removed stream's owner returns from this its sink is never called again.
    /// (Reentrant: a sink that ends its own call from a step does not deadlock.)
    /// </summary>
    public void WaitOutStep()
    {
        lock (_gate)
        {
        }
    }

    /// <summary>Takes one frame (or silence) per stream and has its sink prepare it; reports marks already passed.</summary>
    public void Prepare()
    {
        using (EnterStep())
        {
            var streams = _streams;
            foreach (var stream in streams)
            {
                if (stream.Stopped)
                {
                    continue;
                }

                if (stream.PreparedAhead)
                {
                    // SendEarly built this tick's frame already.
                    stream.PreparedAhead = false;
                    continue;
                }

                try
                {
                    PrepareOne(stream);
                }
#pragma warning disable CA1031 // One call's broken sink must not stop the clock for every other call.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogSinkFailure(e);
                }
            }

            _inFlight = streams;
        }

        ReportWaitingMarks();
    }

    /// <summary>Sends what <see cref="Prepare"/> built: on the pacing thread, at the due time, and nothing else.</summary>
    public void Send()
    {
        using (EnterStep())
        {
            foreach (var stream in _inFlight)
            {
                if (stream.Stopped)
                {
                    continue;
                }

                try
                {
                    stream.Sink.SendPrepared();
                }
#pragma warning disable CA1031 // As above: a failed send costs this call's packet, not the tick.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogSinkFailure(e);
                }

                stream.Slot = PlayoutSlot.Empty;
            }
        }

        // Marks that found the gate busy now are left to Settle, which the preparing thread runs right after this.
    }

    /// <summary>Reports the marks that sat right behind the frames just sent.</summary>
    public void Settle()
    {
        using (EnterStep())
        {
            foreach (var stream in _inFlight)
            {
                if (stream.PreparedAhead)
                {
                    // The next tick's frame is built (and its marks reported) already.
                    continue;
                }

                if (stream.MarksAfterFrame.Count == 0 || stream.Stopped)
                {
                    continue;
                }

                try
                {
                    ReportMarks(stream);
                }
#pragma warning disable CA1031 // As above.
                catch (Exception e)
#pragma warning restore CA1031
                {
                    LogSinkFailure(e);
                }
            }
        }

        ReportWaitingMarks();
    }

    /// <summary>
    /// Sends the first frame queued on an idle call now. With comfort silence prepared for the coming tick, the frame
    /// takes its place (<see cref="IPlayoutSink.TrySendNow"/>); with the tick's frame already out and the next not built
    /// (between Send and Prepare), the next tick's frame is built and sent now, ahead of its tick. Marks ahead of the
    /// frame are reported at once, marks right behind it once it has gone out. Runs on the thread that queued the frame,
    /// which holds no lock a step waits for, so it may wait for the gate: a step in progress finishes first, and if that
    /// step was Prepare taking the frame itself, nothing is left to do here.
    /// </summary>
    public void SendEarly(PlayoutRegistration stream)
    {
        using (EnterStep())
        {
            if (stream.Stopped || !stream.Idle)
            {
                return;
            }

            if (!stream.PreparedAhead && stream.Slot == PlayoutSlot.Empty)
            {
                PrepareAhead(stream);
                return;
            }

            if (stream.Slot != PlayoutSlot.Silence)
            {
                return;
            }

            _reachedMarks.Clear();
            try
            {
                if (stream.Buffer.TrySendFirstFrame(stream.Sink, _reachedMarks))
                {
                    stream.Slot = PlayoutSlot.SentEarly;
                    stream.Idle = false;
                }
            }
#pragma warning disable CA1031 // A sink failing here costs the early send; the frame stays queued for the grid.
            catch (Exception e)
#pragma warning restore CA1031
            {
                LogSinkFailure(e);
            }

            ReportReachedMarks(stream);
        }

        ReportWaitingMarks();
    }

    /// <summary>
    /// A mark was placed on <paramref name="stream"/> with no audio queued ahead of it: reports it (and any mark queued
    /// ahead of it) now unless audio is still in flight. The caller may hold its own lock that a step's mark report
    /// waits for (the call's book of marks), so this never waits for the gate: when a step holds it, that step reports
    /// the mark as it releases the gate.
    /// </summary>
    public void ReportMarksIfIdle(PlayoutRegistration stream)
    {
        stream.MarksWaiting = true;
        Volatile.Write(ref _marksWaiting, 1);
        ReportWaitingMarks();
    }

    public void Dispose()
    {
        _prepared.Dispose();
        _sent.Dispose();
    }

    private static void ReportMarks(PlayoutRegistration stream)
    {
        try
        {
            foreach (var name in stream.MarksAfterFrame)
            {
                stream.Sink.OnMarkReached(name);
            }
        }
        finally
        {
            stream.MarksAfterFrame.Clear();
        }
    }

    /// <summary>Reports the marks <see cref="SendEarly"/> or <see cref="ReportWaitingMarks"/> collected for <paramref name="stream"/>.</summary>
    private void ReportReachedMarks(PlayoutRegistration stream)
    {
        try
        {
            foreach (var name in _reachedMarks)
            {
                stream.Sink.OnMarkReached(name);
            }
        }
#pragma warning disable CA1031 // As in the steps: a broken sink costs its own call's marks.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogSinkFailure(e);
        }
        finally
        {
            _reachedMarks.Clear();
        }
    }

    /// <summary>
    /// Reports the marks of streams whose owners found the gate busy, if the gate is free now. Every holder of the gate
    /// runs this after releasing it (but Send: Settle follows it at once); the owner sets its flag before trying the
    /// gate. With a full fence on both sides, one of the two sees the other, so such a mark waits for the step in
    /// progress, never for the next tick.
    /// </summary>
    private void ReportWaitingMarks()
    {
        Interlocked.MemoryBarrier();
        while (Volatile.Read(ref _marksWaiting) != 0 && !InStep && Monitor.TryEnter(_gate))
        {
            using (new Step(_gate))
            {
                Volatile.Write(ref _marksWaiting, 0);
                foreach (var stream in _streams)
                {
                    if (!stream.MarksWaiting)
                    {
                        continue;
                    }

                    stream.MarksWaiting = false;

                    // With audio in flight (or its marks not yet reported) the next Prepare reports them in order.
                    if (stream.Stopped || stream.Slot == PlayoutSlot.Audio || stream.MarksAfterFrame.Count > 0)
                    {
                        continue;
                    }

                    stream.Buffer.TakeMarksAheadOfAudio(_reachedMarks);
                    ReportReachedMarks(stream);
                }
            }

            Interlocked.MemoryBarrier();
        }
    }

    /// <summary>Takes the gate for a step (or an early path) and marks this thread as inside one until disposed.</summary>
    private Step EnterStep()
    {
        Monitor.Enter(_gate);
        return new Step(_gate);
    }

    /// <summary>
    /// Builds the coming tick's frame for one call now, on the thread that queued it, as <see cref="Settle"/> and
    /// <see cref="Prepare"/> would (the marks behind the frame just sent, then the frame, which as a spurt's first is
    /// sent at once); those steps then pass the call by for this tick.
    /// </summary>
    private void PrepareAhead(PlayoutRegistration stream)
    {
        try
        {
            if (stream.MarksAfterFrame.Count > 0)
            {
                ReportMarks(stream);
            }

            PrepareOne(stream);
        }
#pragma warning disable CA1031 // As in the steps: a broken sink costs its own call's audio.
        catch (Exception e)
#pragma warning restore CA1031
        {
            LogSinkFailure(e);
        }

        stream.PreparedAhead = true;
    }

    private void PrepareOne(PlayoutRegistration stream)
    {
        // Marks held back from a frame that was never sent (the call was skipped by an exception) are reported now.
        if (stream.MarksAfterFrame.Count > 0)
        {
            ReportMarks(stream);
        }

        _reachedMarks.Clear();
        var hasAudio = stream.Buffer.TryDequeue(_frame, _reachedMarks, out var marksBeforeFrame);
        for (var i = 0; i < marksBeforeFrame; i++)
        {
            stream.Sink.OnMarkReached(_reachedMarks[i]);
        }

        for (var i = marksBeforeFrame; i < _reachedMarks.Count; i++)
        {
            stream.MarksAfterFrame.Add(_reachedMarks[i]);
        }

        stream.Slot = PlayoutSlot.Empty;
        stream.Sink.SendFrame(hasAudio ? _frame : _silence, comfortSilence: !hasAudio);
        stream.Slot = hasAudio ? PlayoutSlot.Audio : PlayoutSlot.Silence;
        var startsSpurt = hasAudio && stream.Idle;
        stream.Idle = !hasAudio;
        if (startsSpurt)
        {
            // The previous tick's packet is out, so this one only goes out early, as SendEarly's would (the far end's
            // jitter buffer places it by its timestamp); the tick then sends nothing more for the call.
            stream.Sink.SendPrepared();
            stream.Slot = PlayoutSlot.SentEarly;
            ReportMarks(stream);
        }
    }

    private void LogSinkFailure(Exception e) => _logger.LogError(e, "Playout sink failed; the call's audio for this tick is lost.");

    /// <summary>A step in progress on this thread, which holds the gate; disposing it leaves the step and releases the gate.</summary>
    private readonly ref struct Step
    {
        private readonly object _gate;

        public Step(object gate)
        {
            _gate = gate;
            t_stepDepth++;
        }

        public void Dispose()
        {
            t_stepDepth--;
            Monitor.Exit(_gate);
        }
    }
}
