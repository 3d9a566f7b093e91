using CallCluster.Edge.Playout;

namespace CallCluster.Edge.Calls;

/// <summary>
/// The line side of one call: an RTP session under a SIP dialog, or a provider's WebSocket media stream.
/// It receives the paced agent audio (<see cref="IPlayoutSink"/>) and carries out the handler's call-control requests.
/// </summary>
public interface ICallTransport : IPlayoutSink
{
    /// <summary>
    /// The handler cleared its playout: drop whatever the line still buffers (send Twilio's <c>clear</c>; RTP has nothing
    /// buffered past the edge). Marks already passed to <see cref="IPlayoutSink.OnMarkReached"/> but not yet confirmed are
    /// reported as cleared by the <see cref="EdgeCall"/>; later confirmations for them are ignored.
    /// </summary>
    void OnPlayoutCleared();

    /// <summary>
    /// Sends digits out of band (RFC 4733 telephone events) if the line can; false makes the <see cref="EdgeCall"/> play
    /// them in-band as DTMF tones through the playout instead. Default false: a media stream has no event channel toward
    /// the far end.
    /// </summary>
    bool TrySendDigits(string digits) => false;

    /// <summary>Ends the call on the line (SIP BYE, closing the media stream).</summary>
    ValueTask HangUpAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Hands the caller to another party. Completes once the line knows the transfer succeeded; the line then leaves the
    /// call, which ends with <see cref="CallEnd.Transferred"/>. On failure the call stays up.
    /// </summary>
    /// <exception cref="NotSupportedException">The line cannot transfer.</exception>
    /// <exception cref="TransferFailedException">The far end refused, failed to reach the target, or never said.</exception>
    ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken);
}
