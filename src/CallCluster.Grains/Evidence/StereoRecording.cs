namespace CallCluster.Grains.Evidence;

/// <summary>
/// The call's stereo recording on one timeline: caller left, agent right. The caller's frames arrive in real time and
/// set the clock; the agent's frames are laid down from the moment they are sent (never before "now"), and a playout
/// clear cuts the agent's track back to "now", so the file holds what the caller actually heard.
/// Written from the grain's turn (caller) and the outbound writer (agent), hence the lock.
/// </summary>
public sealed class StereoRecording
{
    private readonly Lock _gate = new();
    private readonly int _maxSamples;
    private short[] _caller = new short[16_000 * 10];
    private short[] _agent = new short[16_000 * 10];
    private int _callerLength;
    private int _agentLength;

    /// <summary>Creates a recording that stops growing after <paramref name="maxDuration"/>.</summary>
    public StereoRecording(TimeSpan maxDuration) => _maxSamples = (int)Math.Min(int.MaxValue / 2, maxDuration.TotalSeconds * 16_000);

    /// <summary>Samples on the caller's clock so far.</summary>
    public int Length
    {
        get
        {
            lock (_gate)
            {
                return Math.Max(_callerLength, _agentLength);
            }
        }
    }

    /// <summary>Appends 20 ms of caller audio; this advances the recording's clock.</summary>
    public void AppendCaller(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            if (_callerLength + frame.Length > _maxSamples)
            {
                return;
            }

            Ensure(ref _caller, _callerLength + frame.Length);
            frame.CopyTo(_caller.AsSpan(_callerLength));
            _callerLength += frame.Length;
        }
    }

    /// <summary>Lays down agent audio after the agent's previous audio, but not before the caller's "now".</summary>
    public void AppendAgent(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            var at = Math.Max(_agentLength, _callerLength);
            if (at + frame.Length > _maxSamples)
            {
                return;
            }

            Ensure(ref _agent, at + frame.Length);
            _agent.AsSpan(_agentLength, at - _agentLength).Clear();
            frame.CopyTo(_agent.AsSpan(at));
            _agentLength = at + frame.Length;
        }
    }

    /// <summary>The agent's queued audio was dropped: cut its track back to the caller's "now".</summary>
    public void CutAgent()
    {
        lock (_gate)
        {
            if (_agentLength > _callerLength)
            {
                _agentLength = _callerLength;
            }
        }
    }

    /// <summary>Writes the recording as a 16 kHz 16-bit stereo WAV file.</summary>
    public async Task WriteWavAsync(string path, CancellationToken cancellationToken)
    {
        byte[] bytes;
        lock (_gate)
        {
            bytes = WavFile.EncodeStereo(_caller.AsSpan(0, _callerLength), _agent.AsSpan(0, _agentLength), 16_000);
        }

        await File.WriteAllBytesAsync(path, bytes, cancellationToken);
    }

    private static void Ensure(ref short[] track, int length)
    {
        if (track.Length < length)
        {
            Array.Resize(ref track, Math.Max(length, track.Length * 2));
        }
    }
}
