using CallCluster.Media.Frames;

namespace CallCluster.Edge.Calls;

/// <summary>
/// How a handler talks back to the edge for one call. Thread-safe; calls from one thread keep their order
/// (audio and marks interleave exactly as sent).
/// </summary>
public interface ICallMediaChannel
{
    /// <summary>The call this channel belongs to.</summary>
    CallStartInfo Call { get; }

    /// <summary>
    /// Queues one 20 ms frame of agent audio at 16 kHz (<see cref="AudioFormat.SamplesPerFrame"/> samples) for paced
    /// playout. The samples are copied before this returns. Completes at once while the playout buffer has room, and
    /// waits for room when it is full, which is how a faster-than-real-time TTS is held back.
    /// </summary>
    /// <exception cref="ArgumentException">The frame is not exactly one frame long.</exception>
    ValueTask SendAudioAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken);

    /// <summary>
    /// Places a named mark after the audio queued so far. The session's <see cref="ICallMediaSession.OnPlayoutMarkAsync"/>
    /// reports it <see cref="PlayoutMarkOutcome.Played"/> once that audio has been played out, or
    /// <see cref="PlayoutMarkOutcome.Cleared"/> if <see cref="ClearPlayout"/> or the end of the call came first.
    /// </summary>
    void Mark(string name);

    /// <summary>
    /// Drops all queued agent audio at once (barge-in). Marks not yet reached are reported as cleared.
    /// Audio sent after this call plays normally.
    /// </summary>
    void ClearPlayout();

    /// <summary>
    /// Sends keypad digits (0-9, *, #, A-D) toward the line, to walk a far end's IVR: as RFC 4733 telephone events when
    /// the line negotiated them (sent at once, in place of audio), else as in-band DTMF tones (100 ms each, 100 ms apart)
    /// queued behind the agent audio already queued and paced like it. Completes once the digits are sent or queued.
    /// </summary>
    /// <exception cref="ArgumentException">A character is not a DTMF digit; nothing is sent.</exception>
    ValueTask SendDigitsAsync(string digits, CancellationToken cancellationToken);

    /// <summary>Ends the call from the agent's side; the session then receives <see cref="ICallMediaSession.OnCallEndedAsync"/>.</summary>
    ValueTask HangUpAsync(CancellationToken cancellationToken);

    /// <summary>Hands the caller to another party.</summary>
    /// <exception cref="NotSupportedException">The line cannot transfer (for example a media stream without call control).</exception>
    ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken);
}
