using Microsoft.Extensions.Logging;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Playout;

/// <summary>
/// A share of the calls of the one <see cref="PlayoutScheduler"/>, run in three steps per tick so that the send happens
/// on time: <see cref="Prepare"/> takes each call's next frame and lets its sink encode and packetise it (ahead of the
/// tick, off the pacing thread); <see cref="Send"/> hands the prepared packets to the network at the due time (the pacing
/// thread's only work); <see cref="Settle"/> then reports the marks whose audio has now gone out.
/// The steps of one shard never overlap: the threaded loop runs them in turn, handing over through two semaphores.
/// </summary>
internal sealed class PlayoutShard : IDisposable
{
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

    public PlayoutShard(int index, ILogger logger)
    {
        Index = index;
        _logger = logger;
    }

    public int Index { get; }

    public int Count => _streams.Length;

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
        lock (_gate)
        {
            var streams = _streams;
            foreach (var stream in streams)
            {
                if (stream.Stopped)
                {
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
    }

    /// <summary>Sends what <see cref="Prepare"/> built: on the pacing thread, at the due time, and nothing else.</summary>
    public void Send()
    {
        lock (_gate)
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
            }
        }
    }

    /// <summary>Reports the marks that sat right behind the frames just sent.</summary>
    public void Settle()
    {
        lock (_gate)
        {
            foreach (var stream in _inFlight)
            {
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

        stream.Sink.SendFrame(hasAudio ? _frame : _silence, comfortSilence: !hasAudio);
    }

    private void LogSinkFailure(Exception e) => _logger.LogError(e, "Playout sink failed; the call's audio for this tick is lost.");
}
