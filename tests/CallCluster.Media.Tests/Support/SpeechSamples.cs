using CallCluster.Testing;

namespace CallCluster.Media.Tests.Support;

/// <summary>Real synthetic speech from the espeak-ng command, resampled to the internal 16 kHz.</summary>
internal static class SpeechSamples
{
    private static readonly Lazy<short[]> Sentence = new(() => ESpeakCommand.Speak("Thank you for calling. Please tell me your order number, and I will check it for you."));

    /// <summary>About five seconds of a spoken English sentence at 16 kHz.</summary>
    public static short[] Sentence16K => Sentence.Value;
}
