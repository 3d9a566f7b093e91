namespace CallCluster.Agent.Providers.Llm;

/// <summary>Where the OpenAI-compatible chat endpoint is (OpenAI, vLLM, llama.cpp server, Ollama).</summary>
public sealed class OpenAiCompatibleOptions
{
    /// <summary>Base URL of the API; defaults to OpenAI's. For a local server e.g. http://localhost:11434/v1.</summary>
    public Uri BaseUrl { get; set; } = new("https://api.openai.com/v1");

    /// <summary>Model used when a request names none (a node's <c>model</c> wins); gpt-4o-mini is fast enough for a turn.</summary>
    public string DefaultModel { get; set; } = "gpt-4o-mini";

    /// <summary>Environment variable holding the API key; read at start, never logged. Default OPENAI_API_KEY.</summary>
    public string ApiKeyVariable { get; set; } = "OPENAI_API_KEY";
}
