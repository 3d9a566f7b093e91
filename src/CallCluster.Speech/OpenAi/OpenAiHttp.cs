using System.Net.Http.Headers;
using CallCluster.Speech.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace CallCluster.Speech.OpenAi;

/// <summary>Sends requests to an OpenAI-compatible endpoint with a per-attempt timeout and retries of transient failures.</summary>
internal sealed class OpenAiHttp
{
    private readonly HttpClient _http;
    private readonly OpenAiSpeechOptions _options;
    private readonly ResiliencePipeline _pipeline;

    public OpenAiHttp(HttpClient http, OpenAiSpeechOptions options)
    {
        _http = http;
        _options = options;
        var builder = new ResiliencePipelineBuilder();
        if (options.MaxRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions
            {
                ShouldHandle = new PredicateBuilder()
                    .Handle<TransientHttpException>()
                    .Handle<HttpRequestException>()
                    .Handle<TimeoutRejectedException>(),
                MaxRetryAttempts = options.MaxRetries,
                Delay = options.RetryDelay,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
            });
        }

        // The timeout sits inside the retry, so it limits each attempt, not the whole sequence.
        _pipeline = builder.AddTimeout(options.AttemptTimeout).Build();
    }

    /// <summary>
    /// Sends the request built by <paramref name="createRequest"/> (once per attempt) and returns a successful response
    /// with its headers read; the caller owns the response.
    /// </summary>
    /// <exception cref="SpeechProviderException">Every attempt failed, or the service refused the request.</exception>
    public async Task<HttpResponseMessage> SendAsync(string provider, Func<HttpRequestMessage> createRequest, CancellationToken cancellationToken)
    {
        try
        {
            return await _pipeline.ExecuteAsync(
                async token =>
                {
                    using var request = createRequest();
                    if (_options.ApiKey is { Length: > 0 } key)
                    {
                        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
                    }

                    var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, token);
                    if (response.IsSuccessStatusCode)
                    {
                        return response;
                    }

                    using (response)
                    {
                        var detail = await ReadErrorAsync(response, token);
                        if (TransientHttpException.IsTransient(response.StatusCode))
                        {
                            throw new TransientHttpException(response.StatusCode, $"HTTP {(int)response.StatusCode}: {detail}");
                        }

                        throw new SpeechProviderException(provider, $"request refused with HTTP {(int)response.StatusCode}: {detail}");
                    }
                },
                cancellationToken);
        }
        catch (TransientHttpException e)
        {
            throw new SpeechProviderException(provider, $"failed after {_options.MaxRetries + 1} attempts; last: {e.Message}", e) { IsTransient = true };
        }
        catch (TimeoutRejectedException e)
        {
            throw new SpeechProviderException(provider, $"no response within {_options.AttemptTimeout.TotalSeconds:0.#} s after {_options.MaxRetries + 1} attempts.", e) { IsTransient = true };
        }
        catch (HttpRequestException e)
        {
            throw new SpeechProviderException(provider, $"cannot reach {_options.BaseUrl.GetLeftPart(UriPartial.Authority)}: {e.Message}", e) { IsTransient = true };
        }
    }

    /// <summary>Resolves <paramref name="relative"/> under the base URL, whether or not it ends with a slash.</summary>
    public Uri Endpoint(string relative)
    {
        var root = _options.BaseUrl.AbsoluteUri;
        return new Uri(new Uri(root.EndsWith('/') ? root : root + "/"), relative);
    }

    private static async Task<string> ReadErrorAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        // The body names the error ("invalid model", "rate limited"); cut it short so a large page cannot flood the log.
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return body.Length <= 300 ? body : body[..300] + "…";
    }
}
