namespace CallCluster.Speech.Abstractions;

/// <summary>
/// A speech provider could not do its job (native library error, HTTP failure after retries, timeout). The call
/// grain catches this one type and speaks a fallback line instead of failing the call.
/// </summary>
public sealed class SpeechProviderException : Exception
{
    public SpeechProviderException()
    {
        Provider = "unknown";
    }

    public SpeechProviderException(string message)
        : base(message)
    {
        Provider = "unknown";
    }

    public SpeechProviderException(string message, Exception innerException)
        : base(message, innerException)
    {
        Provider = "unknown";
    }

    public SpeechProviderException(string provider, string message, Exception? innerException = null)
        : base($"{provider}: {message}", innerException)
    {
        Provider = provider;
    }

    /// <summary>Which provider failed ("pocketsphinx", "espeak-ng", "openai-stt", "openai-tts").</summary>
    public string Provider { get; }

    /// <summary>True when the failure is likely to pass (timeout, HTTP 5xx/429), so a retry next turn may work.</summary>
    public bool IsTransient { get; init; }
}
