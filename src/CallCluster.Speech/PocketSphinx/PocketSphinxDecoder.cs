using System.Globalization;
using CallCluster.Media.Frames;
using System.Runtime.InteropServices;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;
using CallCluster.Speech.Interop.PocketSphinx;

namespace CallCluster.Speech.PocketSphinx;

/// <summary>
/// One pocketsphinx decoder: the loaded acoustic model plus a small cache of compiled grammar searches. Used by one
/// utterance at a time (the pool guarantees it); not thread-safe.
/// </summary>
internal sealed unsafe class PocketSphinxDecoder : IDisposable
{
    private const double FramesPerSecond = 100; // pocketsphinx's default -frate
    private const uint DitherSeed = 0x9E3779B9;

    private readonly DecoderHandle _handle;
    private readonly string? _languageModelSearch;
    private readonly int _maxGrammars;
    private readonly LinkedList<string> _grammarsByUse = new();
    private readonly Dictionary<string, LinkedListNode<string>> _grammars = new(StringComparer.Ordinal);
    private string? _currentSearch;
    private long _utteranceSamples;
    private uint _ditherState;

    private PocketSphinxDecoder(DecoderHandle handle, int maxGrammars)
    {
        _handle = handle;
        _maxGrammars = maxGrammars;
        var search = PocketSphinxNative.GetSearch(handle);
        _languageModelSearch = search == IntPtr.Zero ? null : Marshal.PtrToStringUTF8(search);
        _currentSearch = _languageModelSearch;
    }

    /// <summary>Grammar searches compiled on this decoder so far (cache misses), for tests and metrics.</summary>
    public int GrammarsCompiled { get; private set; }

    /// <summary>Utterances decoded by this decoder.</summary>
    public int Utterances { get; private set; }

    /// <summary>Loads the model; takes about half a second.</summary>
    /// <exception cref="SpeechProviderException">The configuration or model is invalid.</exception>
    public static PocketSphinxDecoder Create(PocketSphinxOptions options)
    {
        if (!double.IsFinite(options.WordInsertionPenalty) || options.WordInsertionPenalty <= 0)
        {
            throw new SpeechProviderException("pocketsphinx", $"WordInsertionPenalty must be a positive number, not {options.WordInsertionPenalty}.");
        }

        List<string> arguments =
        [
            "-hmm", options.AcousticModelPath,
            "-dict", options.DictionaryPath,
            "-logfn", options.NativeLogPath,

            // Dither is ours (Process), not pocketsphinx's: its generator is one global state shared, unguarded, by
            // every decoder in the process and reseeded by each ps_init, so concurrent recognitions changed each
            // other's noise and so their results.
            "-dither", "no",
            "-remove_noise", options.RemoveNoise ? "yes" : "no",
            "-remove_silence", options.RemoveSilence ? "yes" : "no",
            "-wip", options.WordInsertionPenalty.ToString("R", CultureInfo.InvariantCulture),
        ];
        if (options.WideSearch)
        {
            arguments.AddRange(["-beam", "1e-80", "-wbeam", "1e-60", "-pbeam", "1e-80", "-topn", "8"]);
        }

        if (options.LanguageModelPath is { } languageModel)
        {
            arguments.AddRange(["-lm", languageModel]);
        }

        arguments.AddRange(options.ExtraArguments);
        foreach (var path in new[] { options.AcousticModelPath, options.DictionaryPath, options.LanguageModelPath })
        {
            if (path is not null && !Path.Exists(path))
            {
                throw new SpeechProviderException("pocketsphinx", $"model file '{path}' does not exist (install pocketsphinx-en-us or fix PocketSphinxOptions).");
            }
        }

        var argv = new IntPtr[arguments.Count + 1];
        try
        {
            // argv[0] is the program name, as in a real command line.
            argv[0] = Marshal.StringToCoTaskMemUTF8("callcluster");
            for (var i = 0; i < arguments.Count; i++)
            {
                argv[i + 1] = Marshal.StringToCoTaskMemUTF8(arguments[i]);
            }

            CommandLineHandle config;
            fixed (IntPtr* argvPointer = argv)
            {
                config = PocketSphinxNative.ParseCommandLine(IntPtr.Zero, PocketSphinxNative.Args(), argv.Length, argvPointer, strict: 1);
            }

            using (config)
            {
                if (config.IsInvalid)
                {
                    throw new SpeechProviderException("pocketsphinx", $"invalid decoder arguments: {string.Join(' ', arguments)}");
                }

                var handle = PocketSphinxNative.Init(config);
                if (handle.IsInvalid)
                {
                    handle.Dispose();
                    throw new SpeechProviderException("pocketsphinx", $"ps_init failed for model '{options.AcousticModelPath}' (set NativeLogPath to see why).");
                }

                if (options.DigitAlternates)
                {
                    AddPronunciations(handle, DigitPronunciations.Alternates);
                }

                AddPronunciations(handle, options.ExtraPronunciations);
                return new PocketSphinxDecoder(handle, options.MaxGrammarsPerDecoder);
            }
        }
        finally
        {
            foreach (var pointer in argv)
            {
                Marshal.FreeCoTaskMem(pointer);
            }
        }
    }

    private static void AddPronunciations(DecoderHandle handle, IEnumerable<KeyValuePair<string, string>> pronunciations)
    {
        foreach (var (word, phones) in pronunciations)
        {
            // ps_add_word refuses an existing entry, so try the word, then its alternates word(2), word(3), ...
            var added = PocketSphinxNative.AddWord(handle, word, phones, update: 1) >= 0;
            for (var alternate = 2; !added && alternate < 10; alternate++)
            {
                added = PocketSphinxNative.AddWord(handle, $"{word}({alternate})", phones, update: 1) >= 0;
            }

            if (!added)
            {
                throw new SpeechProviderException("pocketsphinx", $"cannot add the pronunciation '{word} {phones}' (unknown phone?).");
            }
        }
    }

    /// <summary>Switches to <paramref name="grammar"/> (compiling it on first use), or to the language model when null.</summary>
    public void SelectGrammar(CompiledGrammar? grammar)
    {
        var search = grammar is null ? _languageModelSearch : "g" + grammar.Key;
        if (search is null)
        {
            throw new SpeechProviderException("pocketsphinx", "free-text recognition needs a language model (PocketSphinxOptions.LanguageModelPath); give the turn recognition hints.");
        }

        if (grammar is not null)
        {
            if (_grammars.TryGetValue(search, out var node))
            {
                _grammarsByUse.Remove(node);
                _grammarsByUse.AddFirst(node);
            }
            else
            {
                if (PocketSphinxNative.SetJsgfString(_handle, search, grammar.Jsgf) < 0)
                {
                    throw new SpeechProviderException("pocketsphinx", $"grammar {grammar.Key} was rejected:\n{grammar.Jsgf}");
                }

                GrammarsCompiled++;
                _grammars[search] = _grammarsByUse.AddFirst(search);
            }
        }

        if (!string.Equals(search, _currentSearch, StringComparison.Ordinal))
        {
            if (PocketSphinxNative.SetSearch(_handle, search) < 0)
            {
                throw new SpeechProviderException("pocketsphinx", $"cannot switch to search '{search}'.");
            }

            _currentSearch = search;
        }

        while (_grammars.Count > _maxGrammars && _grammarsByUse.Last is { } oldest && oldest.Value != _currentSearch)
        {
            PocketSphinxNative.UnsetSearch(_handle, oldest.Value);
            _grammars.Remove(oldest.Value);
            _grammarsByUse.RemoveLast();
        }
    }

    public void StartUtterance()
    {
        if (PocketSphinxNative.StartUtterance(_handle) < 0)
        {
            throw new SpeechProviderException("pocketsphinx", "ps_start_utt failed.");
        }

        _utteranceSamples = 0;
        _ditherState = DitherSeed;
    }

    /// <summary>Decodes <paramref name="samples"/>, which it dithers in place.</summary>
    public void Process(Span<short> samples)
    {
        Dither(samples);
        int frames;
        fixed (short* pointer = samples)
        {
            frames = PocketSphinxNative.ProcessRaw(_handle, pointer, (nuint)samples.Length, noSearch: 0, fullUtterance: 0);
        }

        if (frames < 0)
        {
            throw new SpeechProviderException("pocketsphinx", "ps_process_raw failed.");
        }

        _utteranceSamples += samples.Length;
    }

    /// <summary>
    /// Runs of digital silence (exact zeros, as padding or from some codecs) give log(0) features that throw the live
    /// cepstral mean off and cost whole words, so a quarter of the samples get one bit more, as pocketsphinx's own
    /// dither does. The generator restarts with each utterance: the same audio is always heard the same way.
    /// </summary>
    private void Dither(Span<short> samples)
    {
        var state = _ditherState;
        for (var i = 0; i < samples.Length; i++)
        {
            // xorshift32
            state ^= state << 13;
            state ^= state >> 17;
            state ^= state << 5;
            if ((state & 3) == 0 && samples[i] != short.MaxValue)
            {
                samples[i]++;
            }
        }

        _ditherState = state;
    }

    /// <summary>Audio processed in the current utterance.</summary>
    public TimeSpan Position => TimeSpan.FromSeconds(_utteranceSamples / (double)AudioFormat.SampleRate);

    /// <summary>Whether the decoder's own voice activity detection currently hears speech.</summary>
    public bool InSpeech => PocketSphinxNative.GetInSpeech(_handle) != 0;

    /// <summary>The current best hypothesis (partial during an utterance).</summary>
    public string Hypothesis()
    {
        var text = PocketSphinxNative.GetHypothesis(_handle, out _);
        return text == IntPtr.Zero ? "" : Marshal.PtrToStringUTF8(text) ?? "";
    }

    /// <summary>Ends the utterance and reads the final hypothesis, its posterior and word timings.</summary>
    public Transcript EndUtterance()
    {
        if (PocketSphinxNative.EndUtterance(_handle) < 0)
        {
            throw new SpeechProviderException("pocketsphinx", "ps_end_utt failed.");
        }

        Utterances++;
        var text = Hypothesis();
        var words = new List<WordTiming>();
        for (var segment = PocketSphinxNative.SegmentIterator(_handle); segment != IntPtr.Zero; segment = PocketSphinxNative.SegmentNext(segment))
        {
            var word = Marshal.PtrToStringUTF8(PocketSphinxNative.SegmentWord(segment)) ?? "";
            if (IsFiller(word))
            {
                continue;
            }

            PocketSphinxNative.SegmentFrames(segment, out var startFrame, out var endFrame);
            words.Add(new WordTiming(StripAlternate(word), TimeSpan.FromSeconds(startFrame / FramesPerSecond), TimeSpan.FromSeconds((endFrame + 1) / FramesPerSecond)));
        }

        double? confidence = null;
        var probability = PocketSphinxNative.GetProbability(_handle);
        if (probability < 0 && text.Length > 0)
        {
            // ps_get_prob is a log posterior; 0 means the search computed none (grammar searches without a lattice).
            confidence = Math.Clamp(PocketSphinxNative.LogMathExp(PocketSphinxNative.GetLogMath(_handle), probability), 0, 1);
        }

        return new Transcript(text, confidence, words, Position);
    }

    public void Dispose() => _handle.Dispose();

    private static bool IsFiller(string word) =>
        word.Length == 0 || word[0] is '<' or '[' or '+';

    private static string StripAlternate(string word)
    {
        var open = word.IndexOf('(', StringComparison.Ordinal);
        return open > 0 ? word[..open] : word;
    }
}
