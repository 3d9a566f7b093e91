namespace CallCluster.Edge.Calls;

/// <summary>
/// Sees both directions of a call's audio as the edge handles it, for the stereo recording (caller left, agent right).
/// Called on the edge's hot paths: copy into pooled storage, never block. Agent frames come from the playout thread
/// and caller frames from the line's receive loop, so the two may arrive concurrently; a last agent frame may race
/// with <see cref="IDisposable.Dispose"/> and must then be ignored.
/// </summary>
public interface ICallAudioTap : IDisposable
{
    /// <summary>One 20 ms frame at 16 kHz from the caller, as it arrived.</summary>
    void OnCallerFrame(ReadOnlySpan<short> frame);

    /// <summary>One 20 ms frame at 16 kHz to the caller, as the playout clock sent it (silence when nothing was queued).</summary>
    void OnAgentFrame(ReadOnlySpan<short> frame);
}
