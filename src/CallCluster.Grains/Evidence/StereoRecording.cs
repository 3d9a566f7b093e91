using System.Buffers;
using CallCluster.Media.Frames;

namespace CallCluster.Grains.Evidence;

/// <summary>
/// The call's stereo recording on one timeline: caller left, agent right. The caller's frames arrive in real time and
/// set the clock; the agent's frames are laid down from the moment they are sent (never before "now"), and a playout
/// clear cuts the agent's track back to "now", so the file holds what the caller actually heard.
/// <para>
/// Audio before the caller's "now" can no longer change, so it goes to a WAV file as it settles, a chunk (about a
/// second) at a time: a call holds only its last second or two and the agent audio queued ahead, however long it runs.
/// Held whole in memory, 50 calls kept 80 MB of chunks alive, which were most of what the node allocated and what the
/// garbage collector copied. <see cref="SaveAs"/> finishes the file and moves it into place.
/// </para>
/// Written from the grain's turn (caller) and the outbound writer (agent), hence the lock. Dispose it in any case: an
/// unsaved recording's file is deleted and its chunks go back to the pool shared by all calls.
/// </summary>
public sealed class StereoRecording : IDisposable
{
    private const int SampleRate = 16_000;
    private const int SpillSamples = RecordingTrack.ChunkSamples;

    /// <summary>What a recording holds at once: a second or two of both tracks and some seconds of agent audio queued ahead.</summary>
    private const int ChunksPerRecording = 8;

    private readonly Lock _gate = new();
    private readonly int _maxSamples;
    private readonly string _file;
    private readonly RecordingTrack _caller = new();
    private readonly RecordingTrack _agent = new();
    private FileStream? _stream;
    private int _written;
    private bool _closed;

    /// <summary>
    /// Creates a recording that stops growing after <paramref name="maxDuration"/> and writes its settled audio to
    /// <paramref name="file"/> (created with its folder on the first write; give each recording its own).
    /// </summary>
    public StereoRecording(TimeSpan maxDuration, string file)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(file);
        _maxSamples = (int)Math.Min(int.MaxValue / 2, maxDuration.TotalSeconds * SampleRate);
        _file = Path.GetFullPath(file);
    }

    /// <summary>Makes room for <paramref name="recordings"/> recordings before calls need it (see <see cref="AudioBlockPool.Reserve"/>).</summary>
    public static void Reserve(int recordings) => RecordingTrack.Reserve(recordings * ChunksPerRecording);

    /// <summary>True once saved or disposed: nothing more is recorded.</summary>
    public bool IsClosed
    {
        get
        {
            lock (_gate)
            {
                return _closed;
            }
        }
    }

    /// <summary>Why the file could not be written, if it could not; the recording closed then and the call goes on.</summary>
    public string? Failure { get; private set; }

    /// <summary>Appends 20 ms of caller audio; this advances the recording's clock, and a chunk that settles goes to the file.</summary>
    public void AppendCaller(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            if (_closed || _caller.Length + frame.Length > _maxSamples)
            {
                return;
            }

            _caller.Write(_caller.Length, frame);
            if (_caller.Length - _written < SpillSamples)
            {
                return;
            }

            try
            {
                WriteSettled(_caller.Length - (_caller.Length % SpillSamples));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A full or read-only disk costs the call its recording, not the call.
                Failure = $"writing {_file} failed: {e.Message}";
            }
        }
    }

    /// <summary>Lays down agent audio after the agent's previous audio, but not before the caller's "now".</summary>
    public void AppendAgent(ReadOnlySpan<short> frame)
    {
        lock (_gate)
        {
            var at = Math.Max(_agent.Length, _caller.Length);
            if (!_closed && at + frame.Length <= _maxSamples)
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

    /// <summary>
    /// Writes what is left (agent audio queued past the caller's "now" included), completes the 16 kHz 16-bit stereo WAV
    /// file and moves it to <paramref name="path"/>. The recording is closed afterwards.
    /// </summary>
    public void SaveAs(string path)
    {
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_closed, this);
            var end = Math.Max(_caller.Length, _agent.Length);
            try
            {
                WriteSettled(end);
                var stream = Open();
                stream.Position = 0;
                stream.Write(WavFile.StereoHeader(end, SampleRate));
                stream.Dispose();
                _stream = null;
                File.Move(_file, path, overwrite: true);
            }
            finally
            {
                CloseLocked();
            }
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            CloseLocked();
        }
    }

    /// <summary>Writes both tracks from the last written sample up to <paramref name="end"/>, a chunk at a time.</summary>
    private void WriteSettled(int end)
    {
        var block = ArrayPool<byte>.Shared.Rent(SpillSamples * 2 * sizeof(short));
        try
        {
            var stream = Open();
            while (_written < end)
            {
                var count = Math.Min(SpillSamples - (_written % SpillSamples), end - _written);
                var bytes = WavFile.Interleave(_caller.Stored(_written, count), _agent.Stored(_written, count), count, block);
                stream.Write(block, 0, bytes);
                _written += count;
                if (_written % SpillSamples == 0)
                {
                    _caller.Release(_written);
                    _agent.Release(_written);
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            CloseLocked();
            throw;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(block);
        }
    }

    private FileStream Open()
    {
        if (_stream is null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(_file)!);
            _stream = new FileStream(_file, FileMode.Create, FileAccess.Write, FileShare.Read, bufferSize: 0);
            // The sizes are written when the recording is saved; until then the header holds the file's place.
            _stream.Write(WavFile.StereoHeader(0, SampleRate));
        }

        return _stream;
    }

    private void CloseLocked()
    {
        if (_closed)
        {
            return;
        }

        _closed = true;
        _caller.Dispose();
        _agent.Dispose();
        if (_stream is { } stream)
        {
            stream.Dispose();
            _stream = null;
        }

        if (File.Exists(_file))
        {
            File.Delete(_file);
        }
    }
}
