using CallCluster.Media.Frames;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.CallLatency;

/// <summary>
/// One caller line, synthesised once and kept as 20 ms frames at 16 kHz, cut after its last voiced frame: the
/// benchmark's callers replay it on every turn, so no caller runs a synthesiser while the agent is measured.
/// </summary>
public sealed class CallerUtterance
{
    private readonly short[] _samples;

    private CallerUtterance(string text, short[] samples, int frames)
    {
        Text = text;
        _samples = samples;
        Frames = frames;
    }

    /// <summary>What is said.</summary>
    public string Text { get; }

    /// <summary>Frames up to and including the last voiced one (leading synthesiser padding kept: a caller breathes in too).</summary>
    public int Frames { get; }

    /// <summary>How long the line lasts when played.</summary>
    public TimeSpan Duration => AudioFormat.FrameDuration * Frames;

    /// <summary>Frame <paramref name="index"/> (0 ≤ index &lt; <see cref="Frames"/>).</summary>
    public ReadOnlyMemory<short> Frame(int index) => _samples.AsMemory(index * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame);

    /// <summary>Synthesises <paramref name="text"/> and cuts the synthesiser's trailing silence.</summary>
    /// <exception cref="InvalidOperationException">The synthesiser produced no audible frame.</exception>
    public static async Task<CallerUtterance> SynthesizeAsync(ITextToSpeech tts, string text, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(tts);
        var samples = new List<short>();
        await foreach (var chunk in tts.SynthesizeAsync(text, cancellationToken))
        {
            using (chunk)
            {
                samples.AddRange(chunk.Samples.Span);
            }
        }

        var frames = samples.Count / AudioFormat.SamplesPerFrame;
        var all = samples.ToArray();
        var last = -1;
        for (var i = 0; i < frames; i++)
        {
            if (FrameEnergy.IsVoiced(all.AsSpan(i * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame)))
            {
                last = i;
            }
        }

        return last < 0
            ? throw new InvalidOperationException($"The synthesiser produced no audible frame for '{text}'.")
            : new CallerUtterance(text, all, last + 1);
    }
}
