using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;
using CallCluster.Media.Recording;

namespace CallCluster.Edge.Recording;

/// <summary>
/// Feeds one call's two directions into Media's <see cref="StereoCallRecorder"/>, caller left and agent right. Each
/// side's frames are placed by count (frame n at n × 20 ms): the line and the playout clock both deliver one contiguous
/// frame per 20 ms from the start of the call, and counting keeps network jitter from moving a frame into its
/// neighbour's slot. The edge records every call with it (<see cref="StereoRecordingTapFactory"/>); a tool placing a
/// call as the caller (<c>callcluster call</c>, load tests) records its leg with <see cref="ToFile"/> and
/// <see cref="CallSide.Agent"/> on the line.
/// </summary>
public sealed class StereoRecordingTap : ICallAudioTap
{
    private readonly object _gate = new();
    private readonly StereoCallRecorder _recorder;
    private readonly CallSide _lineParty;
    private readonly CallSide _playoutParty;
    private long _lineFrames;
    private long _playoutFrames;
    private bool _disposed;

    /// <param name="recorder">The WAV being written; the tap disposes it.</param>
    /// <param name="lineParty">
    /// Who speaks on the line. Default <see cref="CallSide.Caller"/>: the edge answered the call, so the line brings
    /// the caller and the playout carries the agent. <see cref="CallSide.Agent"/> on a caller's own leg, where the sides
    /// swap (the line brings the agent's voice, the playout the scripted caller's).
    /// </param>
    public StereoRecordingTap(StereoCallRecorder recorder, CallSide lineParty = CallSide.Caller)
    {
        ArgumentNullException.ThrowIfNull(recorder);
        _recorder = recorder;
        _lineParty = lineParty;
        _playoutParty = lineParty == CallSide.Caller ? CallSide.Agent : CallSide.Caller;
    }

    /// <summary>A factory that records the call it is asked for to <paramref name="path"/> (a tool placing one call).</summary>
    /// <param name="path">The WAV file; its folder is created when the call starts.</param>
    /// <param name="lineParty">Who speaks on the line; see the constructor.</param>
    public static ICallAudioTapFactory ToFile(string path, CallSide lineParty = CallSide.Caller)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SingleFileFactory(Path.GetFullPath(path), lineParty);
    }

    public void OnCallerFrame(ReadOnlySpan<short> frame) => Write(_lineParty, frame, ref _lineFrames);

    public void OnAgentFrame(ReadOnlySpan<short> frame) => Write(_playoutParty, frame, ref _playoutFrames);

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _recorder.Dispose();
        }
    }

    private void Write(CallSide side, ReadOnlySpan<short> frame, ref long count)
    {
        // The recorder is not thread-safe and the two sides arrive on different threads; the lock is uncontended
        // almost always (two writers, 50 frames a second each).
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _recorder.Write(side, frame, AudioFormat.FrameDuration * count++);
        }
    }

    private sealed class SingleFileFactory(string path, CallSide lineParty) : ICallAudioTapFactory
    {
        public ICallAudioTap? Create(CallStartInfo call)
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return new StereoRecordingTap(StereoCallRecorder.Create(path), lineParty);
        }
    }
}
