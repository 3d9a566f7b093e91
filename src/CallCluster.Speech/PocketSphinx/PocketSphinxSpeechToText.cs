using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.PocketSphinx;

/// <summary>
/// Embedded recognition with pocketsphinx. Each session compiles the turn's hints into a JSGF grammar (cached per
/// decoder) — with a grammar the packaged model is accurate, with the free language model it is not.
/// </summary>
public sealed class PocketSphinxSpeechToText : ISpeechToText, IDisposable
{
    private readonly PocketSphinxOptions _options;
    private readonly ILogger _logger;
    private readonly Lazy<JsgfGrammarBuilder> _grammarBuilder;

    public PocketSphinxSpeechToText(IOptions<PocketSphinxOptions> options, ILogger<PocketSphinxSpeechToText>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options.Value;
        _logger = logger ?? NullLogger<PocketSphinxSpeechToText>.Instance;
        Pool = new PocketSphinxDecoderPool(_options);
        _grammarBuilder = new Lazy<JsgfGrammarBuilder>(() => new JsgfGrammarBuilder(PronunciationDictionary.Load(_options.DictionaryPath, _options.ExtraPronunciations.Keys)));
    }

    internal PocketSphinxDecoderPool Pool { get; }

    /// <summary>Loads the dictionary and <paramref name="decoders"/> decoders now rather than on the first call.</summary>
    public Task WarmUpAsync(int decoders, CancellationToken cancellationToken = default)
    {
        _ = _grammarBuilder.Value;
        return Pool.WarmUpAsync(decoders, cancellationToken);
    }

    public async ValueTask<ISpeechRecognitionSession> StartSessionAsync(RecognitionHints hints, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(hints);
        var grammar = BuildGrammar(hints);
        var decoder = await Pool.RentAsync(cancellationToken);
        try
        {
            return new PocketSphinxRecognitionSession(Pool, decoder, grammar, _options.PartialInterval);
        }
        catch
        {
            Pool.Return(decoder, healthy: false);
            throw;
        }
    }

    public void Dispose() => Pool.Dispose();

    private CompiledGrammar? BuildGrammar(RecognitionHints hints)
    {
        CompiledGrammar? grammar;
        try
        {
            grammar = _grammarBuilder.Value.Build(hints);
        }
        catch (IOException e)
        {
            throw new SpeechProviderException("pocketsphinx", $"cannot read the pronunciation dictionary '{_options.DictionaryPath}'.", e);
        }

        if (grammar is { RejectedPhrases.Count: > 0 })
        {
            // Hints come from the agent's configuration, not from callers, so logging them exposes no PII.
            _logger.LogWarning(
                "Recognition hints left out of grammar {GrammarKey}: words not in the pronunciation dictionary in {RejectedPhrases}",
                grammar.Key,
                grammar.RejectedPhrases);
        }

        return grammar;
    }
}
