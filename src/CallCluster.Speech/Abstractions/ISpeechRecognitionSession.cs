namespace CallCluster.Speech.Abstractions;

/// <summary>
/// One utterance (or one listening turn) being recognised. Push 16 kHz 16-bit mono frames as they arrive,
/// read partial hypotheses while the caller speaks, then <see cref="CompleteAsync"/> at end of speech for the
/// final transcript. Dispose to release the recogniser (a disposed session without a final result is abandoned).
/// </summary>
public interface ISpeechRecognitionSession : IAsyncDisposable
{
    /// <summary>Queues a frame for recognition; the samples are copied, so the caller may reuse its buffer.</summary>
    /// <exception cref="InvalidOperationException">After <see cref="CompleteAsync"/>.</exception>
    ValueTask PushAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken = default);

    /// <summary>Partial hypotheses, each different from the one before, until the final result is known.</summary>
    IAsyncEnumerable<PartialTranscript> ReadPartialsAsync(CancellationToken cancellationToken = default);

    /// <summary>Ends the utterance and returns the final transcript once every pushed frame is processed.</summary>
    /// <exception cref="SpeechProviderException">The recogniser failed.</exception>
    Task<Transcript> CompleteAsync(CancellationToken cancellationToken = default);
}
