using System.Buffers;
using System.Buffers.Binary;
using System.Net.Http.Json;
using System.Runtime.CompilerServices;
using CallCluster.Media.Resampling;
using CallCluster.Speech.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.OpenAi;

/// <summary>
/// Speech through an OpenAI-compatible <c>audio/speech</c> endpoint, asking for raw PCM and streaming it as the
/// response arrives, resampled to 16 kHz. Only the request is retried: once audio has been yielded, a failure ends the
/// stream with <see cref="SpeechProviderException"/> (replaying the start would repeat words to the caller).
/// </summary>
public sealed class OpenAiTextToSpeech : ITextToSpeech
{
    internal const string ProviderName = "openai-tts";
    private const int ReadBytes = 4096;

    private readonly OpenAiSpeechOptions _options;
    private readonly OpenAiHttp _http;

    public OpenAiTextToSpeech(HttpClient http, IOptions<OpenAiSpeechOptions> options)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _http = new OpenAiHttp(http, _options);
    }

    public async IAsyncEnumerable<SynthesizedAudio> SynthesizeAsync(string text, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (string.IsNullOrWhiteSpace(text))
        {
            yield break;
        }

        var request = new SpeechRequest(_options.SpeechModel, text, _options.Voice, "pcm");
        using var response = await _http.SendAsync(
            ProviderName,
            () => new HttpRequestMessage(HttpMethod.Post, _http.Endpoint("audio/speech"))
            {
                Content = JsonContent.Create(request, OpenAiJsonContext.Default.SpeechRequest),
            },
            cancellationToken);
        await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
        using var resampler = new SpeexResampler(_options.SpeechSampleRate, AudioFormat.SampleRate);
        using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var bytes = ArrayPool<byte>.Shared.Rent(ReadBytes + 1);
        var samples = ArrayPool<short>.Shared.Rent((ReadBytes / 2) + 1);
        try
        {
            // An odd byte count can split a sample between reads; the odd byte is carried to the next read.
            var carried = 0;
            while (true)
            {
                stall.CancelAfter(_options.StreamStallTimeout);
                var read = await ReadAsync(body, bytes.AsMemory(carried, ReadBytes), stall.Token, cancellationToken);
                if (read == 0)
                {
                    break;
                }

                var available = carried + read;
                var count = available / 2;
                for (var i = 0; i < count; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(i * 2));
                }

                carried = available % 2;
                if (carried == 1)
                {
                    bytes[0] = bytes[available - 1];
                }

                var output = ArrayPool<short>.Shared.Rent(resampler.GetMaxOutputLength(count));
                var written = resampler.Process(samples.AsSpan(0, count), output);
                if (written == 0)
                {
                    ArrayPool<short>.Shared.Return(output);
                    continue;
                }

                yield return SynthesizedAudio.FromRented(output, written);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(bytes);
            ArrayPool<short>.Shared.Return(samples);
        }
    }

    private async Task<int> ReadAsync(Stream body, Memory<byte> buffer, CancellationToken stallToken, CancellationToken callerToken)
    {
        try
        {
            return await body.ReadAsync(buffer, stallToken);
        }
        catch (OperationCanceledException) when (!callerToken.IsCancellationRequested)
        {
            throw new SpeechProviderException(ProviderName, $"the audio stream stalled for {_options.StreamStallTimeout.TotalSeconds:0.#} s.") { IsTransient = true };
        }
        catch (Exception e) when (e is IOException or HttpRequestException)
        {
            throw new SpeechProviderException(ProviderName, "the audio stream broke off.", e) { IsTransient = true };
        }
    }
}
