using System.Diagnostics;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Benchmarks;
using CallCluster.Speech.ESpeak;
using CallCluster.Speech.PocketSphinx;
using Microsoft.Extensions.Options;

// Speech benchmark: TTS time to first chunk and real-time factor (espeak-ng), STT real-time factor and final-result
// latency after end of speech (pocketsphinx with node grammars). Usage: dotnet run -c Release [-- --rounds N]
var rounds = args.Length == 2 && args[0] == "--rounds" ? int.Parse(args[1]) : 3;
var tts = new ESpeakTextToSpeech(Options.Create(new ESpeakOptions()));
using var stt = new PocketSphinxSpeechToText(Options.Create(new PocketSphinxOptions { MaxDecoders = 1 }));
await stt.WarmUpAsync(1);

var reports = new List<SynthesisReport>();
tts.SynthesisFinished += (_, report) => { lock (reports) { reports.Add(report); } };
await SpeakAsync(tts, "Warm up."); // first synthesis loads voice data
lock (reports) { reports.Clear(); }
var consumerFirstChunk = new List<double>();
for (var round = 0; round < rounds; round++)
{
    foreach (var prompt in Workload.AgentPrompts)
    {
        // Seen by the caller of SynthesizeAsync: queueing, espeak, resampling and the channel hop included.
        var started = Stopwatch.GetTimestamp();
        await foreach (var chunk in tts.SynthesizeAsync(prompt))
        {
            consumerFirstChunk.Add(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            chunk.Dispose();
            break;
        }

        await SpeakAsync(tts, prompt);
    }
}

SynthesisReport[] finished;
lock (reports) { finished = [.. reports]; }
var firstChunk = consumerFirstChunk.Order().ToArray();
finished = [.. finished.Where(r => !r.Cancelled)];
var ttsRtf = finished.Sum(r => r.Elapsed.TotalSeconds) / finished.Sum(r => r.AudioProduced.TotalSeconds);
Console.WriteLine($"TTS  syntheses={finished.Length} audio={finished.Sum(r => r.AudioProduced.TotalSeconds):0.0}s");
Console.WriteLine($"TTS  time to first chunk at the caller ms (n={firstChunk.Length}): p50={Percentile(firstChunk, 0.5):0.0} p95={Percentile(firstChunk, 0.95):0.0} max={firstChunk[^1]:0.0}");
Console.WriteLine($"TTS  real-time factor (synthesis time / audio time): {ttsRtf:0.000}");

var utterances = new List<(short[] Audio, RecognitionHints Hints, string Text)>();
foreach (var (text, hints) in Workload.CallerUtterances)
{
    utterances.Add((await SpeakAsync(tts, text), hints, text));
}

// Real-time factor: frames pushed as fast as possible, timed to the final result.
double audioSeconds = 0, decodeSeconds = 0;
for (var round = 0; round < rounds; round++)
{
    foreach (var (audio, hints, _) in utterances)
    {
        var started = Stopwatch.GetTimestamp();
        await using var session = await stt.StartSessionAsync(hints);
        await PushAsync(session, audio, paced: false);
        await session.CompleteAsync();
        decodeSeconds += Stopwatch.GetElapsedTime(started).TotalSeconds;
        audioSeconds += (audio.Length + (2 * PadFrames * AudioFormat.FrameSamples)) / (double)AudioFormat.SampleRate;
    }
}

Console.WriteLine($"STT  utterances={utterances.Count * rounds} audio={audioSeconds:0.0}s real-time factor (decode time / audio time): {decodeSeconds / audioSeconds:0.000}");

// Final latency: frames paced at 20 ms like a live call; measured from CompleteAsync (end of speech) to the final.
var latencies = new List<double>();
var correct = 0;
foreach (var (audio, hints, text) in utterances)
{
    await using var session = await stt.StartSessionAsync(hints);
    await PushAsync(session, audio, paced: true);
    var endOfSpeech = Stopwatch.GetTimestamp();
    var transcript = await session.CompleteAsync();
    latencies.Add(Stopwatch.GetElapsedTime(endOfSpeech).TotalMilliseconds);
    correct += string.Equals(transcript.Text, Normalize(text), StringComparison.Ordinal) ? 1 : 0;
}

var sorted = latencies.Order().ToArray();
Console.WriteLine($"STT  final-result latency after end of speech ms (paced, n={sorted.Length}): p50={Percentile(sorted, 0.5):0.0} p95={Percentile(sorted, 0.95):0.0} max={sorted[^1]:0.0}; exact {correct}/{sorted.Length}");
Console.WriteLine($"machine: {Environment.ProcessorCount} cores, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}, .NET {Environment.Version}");

static async Task<short[]> SpeakAsync(ITextToSpeech tts, string text)
{
    var samples = new List<short>();
    await foreach (var chunk in tts.SynthesizeAsync(text))
    {
        using (chunk)
        {
            samples.AddRange(chunk.Samples.Span);
        }
    }

    return [.. samples];
}

static async Task PushAsync(ISpeechRecognitionSession session, short[] audio, bool paced)
{
    using var timer = paced ? new PeriodicTimer(TimeSpan.FromMilliseconds(20)) : null;
    var silence = new short[AudioFormat.FrameSamples];
    var frames = new List<ReadOnlyMemory<short>>();
    frames.AddRange(Enumerable.Repeat<ReadOnlyMemory<short>>(silence, PadFrames));
    for (var offset = 0; offset < audio.Length; offset += AudioFormat.FrameSamples)
    {
        frames.Add(audio.AsMemory(offset, Math.Min(AudioFormat.FrameSamples, audio.Length - offset)));
    }

    frames.AddRange(Enumerable.Repeat<ReadOnlyMemory<short>>(silence, PadFrames));
    foreach (var frame in frames)
    {
        if (timer is not null)
        {
            await timer.WaitForNextTickAsync();
        }

        await session.PushAsync(frame);
    }
}

static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

static string Normalize(string text) =>
    string.Join(' ', text.ToLowerInvariant().Split([' ', '.', ',', '?', '!'], StringSplitOptions.RemoveEmptyEntries));

/// <summary>Constants of the benchmark.</summary>
internal static partial class Program
{
    /// <summary>300 ms of silence around each utterance, as a VAD would leave.</summary>
    private const int PadFrames = 15;
}
