using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;
using CallCluster.Media.Recording;

namespace CallCluster.Load.Calls;

/// <summary>
/// Records the caller's own leg to one stereo WAV with the usual layout, caller left and agent right. On this leg the
/// edge's "caller" frames are the agent's voice and its "agent" frames are the scripted caller's, so the sides swap.
/// Frames are placed by count (frame n at n × 20 ms), as the edge's own recorder does.
/// </summary>
public sealed class CallerLegRecordingTap : ICallAudioTap
{
    private readonly object _gate = new();
    private readonly StereoCallRecorder _recorder;
    private long _agentFrames;
    private long _callerFrames;
    private bool _disposed;

    private CallerLegRecordingTap(StereoCallRecorder recorder) => _recorder = recorder;

    /// <summary>A factory recording the (one) call to <paramref name="path"/>.</summary>
    public static ICallAudioTapFactory ToFile(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new SingleFileFactory(Path.GetFullPath(path));
    }

    public void OnCallerFrame(ReadOnlySpan<short> frame) => Write(CallSide.Agent, frame, ref _agentFrames);

    public void OnAgentFrame(ReadOnlySpan<short> frame) => Write(CallSide.Caller, frame, ref _callerFrames);

    public void Dispose()
    {
        lock (_gate)
        {
            if (!_disposed)
            {
                _disposed = true;
                _recorder.Dispose();
            }
        }
    }

    private void Write(CallSide side, ReadOnlySpan<short> frame, ref long count)
    {
        // The two sides arrive on different threads (line receive, playout clock) and the recorder is not thread-safe.
        lock (_gate)
        {
            if (!_disposed)
            {
                _recorder.Write(side, frame, AudioFormat.FrameDuration * count++);
            }
        }
    }

    private sealed class SingleFileFactory(string path) : ICallAudioTapFactory
    {
        public ICallAudioTap? Create(CallStartInfo call)
        {
            if (Path.GetDirectoryName(path) is { Length: > 0 } folder)
            {
                Directory.CreateDirectory(folder);
            }

            return new CallerLegRecordingTap(StereoCallRecorder.Create(path));
        }
    }
}
