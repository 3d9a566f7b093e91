namespace CallCluster.Grains.Evidence;

/// <summary>
/// The call's stereo recording on one timeline: caller left, agent right. The caller's frames arrive in real time and
/// set the clock; the agent's frames are laid down from the moment they are sent (never before "now"), and a playout
/// clear cuts the agent's track back to "now", so the file holds what the caller actually heard.
/// Written from the grain's turn (caller) and the outbound writer (agent), hence the lock. Dispose it when the call's
/// evidence is written: its tracks' chunks go back to a pool shared by all calls.
/// </summary>
public sealed class StereoRecording : IDisposable
{
    /// <summary>Stereo frames interleaved per write while the WAV file is written: 64 KiB at a time.</summary>
    private const int WriteBlockFrames = 16_384;

    private readonly Lock _gate = new();
    private readonly int _maxSamples;
    private readonly RecordingTrack _caller = new();
    private readonly RecordingTrack _agent = new();
    private bool _disposed;

    /// <summary>Creates a recording that stops growing after <paramref name="maxDuration"/>.</summary>
    public StereoRecording(TimeSpan maxDuration) => _maxSamples = (int)Math.Min(int.MaxValue / 2, maxDuration.TotalSeconds * 16_000);

    /// <summary>Samples on the caller's clock so far.</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(_caller.Length, _agent.Length);
            }
        }
    }

    /// <summary>True once disposed: the audio has gone back to the pool and nothing more is recorded.</summary>
    public bool IsDisposed
    {
        get
        {
            lock (_gate)
            {
                return _disposed;
            }
        }
    }

    /// <summary>Appends 20 ms of caller audio; this advances the recording's clock.</summary>
    public void AppendCaller(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            if (!_disposed && _caller.Length + frame.Length <= _maxSamples)
            {
                _caller.Write(_caller.Length, frame);
            }
        }
    }

    /// <summary>Lays down agent audio after the agent's previous audio, but not before the caller's "now".</summary>
    public void AppendAgent(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            var at = Math.Max(_agent.Length, _caller.Length);
            if (!_disposed && at + frame.Length <= _maxSamples)
            {
                _agent.Write(at, frame);
            }
        }
    }

    /// <summary>The agent's queued audio was dropped: cut its track back to the caller's "now".</summary>
    public void CutAgent()
    {
        lock (_gate)
        {
            _agent.Truncate(_caller.Length);
        }
    }

    /// <summary>Writes the recording so far as a 16 kHz 16-bit stereo WAV file, a block at a time.</summary>
    public async Task WriteWavAsync(string path, CancellationToken cancellationToken)
    {
        int frames;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            frames = Math.Max(_caller.Length, _agent.Length);
        }

        var left = new short[Math.Min(frames, WriteBlockFrames)];
        var right = new short[left.Length];
        var block = new byte[left.Length * 2 * sizeof(short)];
        await using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, bufferSize: 0, useAsync: true);
        await file.WriteAsync(WavFile.StereoHeader(frames, 16_000), cancellationToken);
        for (var start = 0; start < frames; start += left.Length)
        {
            var count = Math.Min(left.Length, frames - start);
            lock (_gate)
            {
                ObjectDisposedException.ThrowIf(_disposed, this);
                _caller.CopyTo(start, left.AsSpan(0, count));
                _agent.CopyTo(start, right.AsSpan(0, count));
            }

            var bytes = WavFile.Interleave(left.AsSpan(0, count), right.AsSpan(0, count), block);
            await file.WriteAsync(block.AsMemory(0, bytes), cancellationToken);
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _caller.Dispose();
            _agent.Dispose();
        }
    }
}
