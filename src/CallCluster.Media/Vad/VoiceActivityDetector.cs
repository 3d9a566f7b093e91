using CallCluster.Media.Codecs;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Vad;

/// <summary>
/// Voice activity on 16 kHz, 20 ms frames. Per frame: the level of the high-passed signal (hum and DC removed)
/// against an adaptive noise floor gives a speech probability (0.5 at 8 dB above the floor, near 1 at 12 dB), damped
/// for noise-like frames whose zero-crossing rate is that of white noise with no low-frequency energy. The decision adds
/// start frames, hysteresis and hangover. speexdsp's preprocessor VAD was measured first and rejected: it calls
/// steady white and pink noise speech (it prints that its VAD "has been replaced by a hack").
/// One per audio stream; not thread-safe; allocation-free.
/// </summary>
public sealed class VoiceActivityDetector
{
    private const double SilenceDb = -90;
    private const double MidpointSnrDb = 8;
    private const double SlopeDb = 1.5;
    private const double NoiseLikeCrossingRate = 0.4;

    private readonly VoiceActivityOptions options;
    private readonly NoiseFloorTracker floor = new();
    private readonly int hangoverFrames;
    private double previousInput;
    private double previousOutput;
    private int framesAboveStart;
    private int framesSinceSpeech;

    public VoiceActivityDetector(VoiceActivityOptions? options = null)
    {
        this.options = options ?? new VoiceActivityOptions();
        this.options.Validate();
        hangoverFrames = (int)Math.Ceiling(this.options.Hangover.TotalMilliseconds / AudioFormat.FrameMilliseconds);
    }

    /// <summary>True while the smoothed decision is speech.</summary>
    public bool IsSpeaking { get; private set; }

    /// <summary>The current noise floor estimate in dBFS, for diagnostics.</summary>
    public double NoiseFloorDb => floor.FloorDb;

    /// <summary>Analyses one 20 ms frame (left unchanged).</summary>
    public VoiceActivity Process(ReadOnlySpan<short> frame)
    {
        FrameChecks.RequireFrame(frame);
        double energy = 0;
        var crossings = 0;
        var previousSign = previousOutput >= 0;
        foreach (var sample in frame)
        {
            // First-order high-pass at about 100 Hz: mains hum and DC would otherwise count as level.
            var output = 0.96 * (previousOutput + sample - previousInput);
            previousInput = sample;
            previousOutput = output;
            energy += output * output;
            var sign = output >= 0;
            crossings += sign != previousSign ? 1 : 0;
            previousSign = sign;
        }

        var rms = Math.Sqrt(energy / frame.Length);
        var levelDb = rms > 0 ? Math.Max(SilenceDb, 20 * Math.Log10(rms / short.MaxValue)) : SilenceDb;
        floor.Update(levelDb);
        var snrDb = levelDb - floor.FloorDb;
        var probability = 1 / (1 + Math.Exp(-(snrDb - MidpointSnrDb) / SlopeDb));
        if (levelDb <= SilenceDb)
        {
            probability = 0;
        }
        else if ((double)crossings / frame.Length > NoiseLikeCrossingRate)
        {
            // Fricatives cross this often too, but never for long; this only slows a start on hiss.
            probability *= 0.7;
        }

        Decide(probability);
        return new VoiceActivity(probability, IsSpeaking);
    }

    private void Decide(double probability)
    {
        framesAboveStart = probability >= options.StartThreshold ? framesAboveStart + 1 : 0;
        if (!IsSpeaking)
        {
            if (framesAboveStart >= options.StartFrames)
            {
                IsSpeaking = true;
                framesSinceSpeech = 0;
            }

            return;
        }

        framesSinceSpeech = probability >= options.ContinueThreshold ? 0 : framesSinceSpeech + 1;
        if (framesSinceSpeech > hangoverFrames)
        {
            IsSpeaking = false;
        }
    }
}
