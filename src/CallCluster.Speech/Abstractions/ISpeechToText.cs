namespace CallCluster.Speech.Abstractions;

/// <summary>Streaming speech recognition of 16 kHz 16-bit mono audio.</summary>
public interface ISpeechToText
{
    /// <summary>Opens a recognition session for one utterance, constrained by what the current node expects.</summary>
    /// <exception cref="SpeechProviderException">The recogniser cannot start.</exception>
    ValueTask<ISpeechRecognitionSession> StartSessionAsync(RecognitionHints hints, CancellationToken cancellationToken = default);
}
