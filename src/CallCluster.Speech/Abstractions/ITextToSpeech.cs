namespace CallCluster.Speech.Abstractions;

/// <summary>Streaming speech synthesis to 16 kHz 16-bit mono audio.</summary>
public interface ITextToSpeech
{
    /// <summary>
    /// Synthesises <paramref name="text"/>, yielding audio chunks as soon as they are produced. Cancelling the token
    /// stops synthesis promptly (barge-in) and ends the enumeration with <see cref="OperationCanceledException"/>.
    /// </summary>
    /// <exception cref="SpeechProviderException">The synthesiser failed.</exception>
    IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(string text, CancellationToken cancellationToken = default);
}
