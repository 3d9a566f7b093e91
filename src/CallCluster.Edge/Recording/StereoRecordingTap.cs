using CallCluster.Edge.Calls;
using CallCluster.Media.Frames;
using CallCluster.Media.Recording;

namespace CallCluster.Edge.Recording;

/// <summary>
/// Feeds one call's two directions into Media's <see cref="StereoCallRecorder"/>. Each side's frames are placed by
/// count (frame n at n × 20 ms): the caller's stream and the playout clock both deliver one contiguous frame per
/// 20 ms from the start of the call, and counting keeps network jitter from moving a frame into its neighbour's slot.
/// </summary>
internal sealed class StereoRecordingTap : ICallAudioTap
{
    private readonly object _gate = new();
    private readonly StereoCallRecorder _recorder;
    private long _callerFrames;
    private long _agentFrames;
    private bool _disposed;

    public StereoRecordingTap(StereoCallRecorder recorder) => _recorder = recorder;

    public void OnCallerFrame(ReadOnlySpan<short> frame) => Write(CallSide.Caller, frame, ref _callerFrames);

    public void OnAgentFrame(ReadOnlySpan<short> frame) => Write(CallSide.Agent, frame, ref _agentFrames);

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
}
