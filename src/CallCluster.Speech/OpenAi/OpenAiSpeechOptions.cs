namespace CallCluster.Speech.OpenAi;

/// <summary>An OpenAI-compatible speech endpoint (OpenAI, or a local server with the same API shape).</summary>
public sealed class OpenAiSpeechOptions
{
    /// <summary>Default https://api.openai.com/v1/: the API root; the provider appends <c>audio/transcriptions</c> and <c>audio/speech</c>.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1/");

    /// <summary>Default null: the bearer key. Read from configuration or a secret store, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Default "gpt-4o-mini-transcribe": the transcription model.</summary>
    public string TranscriptionModel { get; set; } = "gpt-4o-mini-transcribe";

    /// <summary>Default "en": the spoken language, which spares the service from guessing on short utterances.</summary>
    public string? Language { get; set; } = "en";

    /// <summary>Default "gpt-4o-mini-tts": the speech model.</summary>
    public string SpeechModel { get; set; } = "gpt-4o-mini-tts";

    /// <summary>Default "alloy": the speech voice.</summary>
    public string Voice { get; set; } = "alloy";

    /// <summary>Default 24 000 Hz: the sample rate of the API's raw <c>pcm</c> response format, resampled to 16 kHz.</summary>
    public int SpeechSampleRate { get; set; } = 24_000;

    /// <summary>
    /// Default 8 s: one attempt's limit, up to the response headers for speech (the audio then streams). A caller waits
    /// in silence meanwhile, so it is short; a retry is usually faster than waiting longer.
    /// </summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(8);

    /// <summary>Default 2: retries after a transient failure (timeout, connection error, HTTP 408/429/5xx).</summary>
    public int MaxRetries { get; set; } = 2;

    /// <summary>Default 200 ms: first retry delay, doubled for each further retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Default 5 s: the longest pause allowed between two pieces of a streaming speech response.</summary>
    public TimeSpan StreamStallTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>Default 60 s: audio kept per utterance for transcription; later audio is dropped (and said so in the log).</summary>
    public TimeSpan MaxUtterance { get; set; } = TimeSpan.FromSeconds(60);
}
