using CallCluster.Media.Frames;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using CallCluster.Testing;
using Microsoft.Extensions.Options;

namespace CallCluster.Speech.Tests.Support;

/// <summary>The real engines, loaded once for the audio collection: pocketsphinx (two decoders) and espeak-ng.</summary>
public sealed class SpeechEngines : IAsyncLifetime
{
    public PocketSphinxSpeechToText SpeechToText { get; } = new(Options.Create(new PocketSphinxOptions { MaxDecoders = 2 }));

    public ESpeakTextToSpeech TextToSpeech { get; } = new(Options.Create(new ESpeakOptions()));

    public async ValueTask InitializeAsync() => await SpeechToText.WarmUpAsync(1);

    public ValueTask DisposeAsync()
    {
        SpeechToText.Dispose();
        return ValueTask.CompletedTask;
    }

    /// <summary>
    /// <paramref name="text"/> in the engine's default voice, spoken by a fresh espeak-ng process: the same samples
    /// whatever ran before, for tests whose subject is recognition (see <see cref="ESpeakCommand"/>).
    /// </summary>
    public static short[] SpeakFresh(string text)
    {
        var voice = new ESpeakOptions();
        return ESpeakCommand.Speak(text, voice.Voice, voice.WordsPerMinute, voice.Pitch, voice.ResamplerQuality);
    }

    /// <summary>Synthesises <paramref name="text"/> into one 16 kHz buffer with the in-process engine.</summary>
    public async Task<short[]> SpeakAsync(string text, CancellationToken cancellationToken = default)
    {
        var samples = new List<short>();
        await foreach (var chunk in TextToSpeech.SynthesizeAsync(text, cancellationToken))
        {
            using (chunk)
            {
                samples.AddRange(chunk.Samples.Span);
            }
        }

        return [.. samples];
    }

    /// <summary>Streams <paramref name="audio"/> in 20 ms frames, padded with silence as a phone line would be.</summary>
    public static async Task PushAsync(ISpeechRecognitionSession session, ReadOnlyMemory<short> audio)
    {
        var silence = new short[AudioFormat.SamplesPerFrame];
        for (var i = 0; i < 15; i++)
        {
            await session.PushAsync(silence);
        }

        for (var offset = 0; offset < audio.Length; offset += AudioFormat.SamplesPerFrame)
        {
            await session.PushAsync(audio.Slice(offset, Math.Min(AudioFormat.SamplesPerFrame, audio.Length - offset)));
        }

        for (var i = 0; i < 15; i++)
        {
            await session.PushAsync(silence);
        }
    }

    /// <summary>Recognises <paramref name="audio"/> in one session with <paramref name="hints"/>.</summary>
    public async Task<Transcript> RecognizeAsync(ReadOnlyMemory<short> audio, RecognitionHints hints)
    {
        await using var session = await SpeechToText.StartSessionAsync(hints);
        await PushAsync(session, audio);
        return await session.CompleteAsync().WaitAsync(TimeSpan.FromSeconds(60));
    }
}
