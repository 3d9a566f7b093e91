using CallCluster.Media.Frames;

namespace CallCluster.Edge.Calls;

/// <summary>
/// One call's events from the edge to its handler. The edge never calls two of these at once for one
/// session and never before the previous call's task completed, so events arrive in the order they
/// happened (audio, digits, marks and the end interleaved as on the line): a remote implementation can
/// forward them over one ordered stream without re-sequencing.
/// </summary>
public interface ICallMediaSession
{
    /// <summary>
    /// One 20 ms frame of the caller's audio at 16 kHz (<see cref="AudioFormat.SamplesPerFrame"/> samples).
    /// The memory is the edge's pooled buffer and is valid only until the returned task completes: copy what you keep.
    /// </summary>
    ValueTask OnCallerAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken);

    /// <summary>A keypad digit from the caller: 0–9, *, #, A–D.</summary>
    ValueTask OnDtmfAsync(char digit, CancellationToken cancellationToken);

    /// <summary>A mark set with <see cref="ICallMediaChannel.Mark"/> was played, or cleared before it was reached.</summary>
    ValueTask OnPlayoutMarkAsync(PlayoutMark mark, CancellationToken cancellationToken);

    /// <summary>The last event of the call. Marks still pending when the call ended were reported as cleared just before.</summary>
    ValueTask OnCallEndedAsync(CallEnd end, CancellationToken cancellationToken);
}
