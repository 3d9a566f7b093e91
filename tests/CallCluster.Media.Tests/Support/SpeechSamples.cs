using System.Diagnostics;
using CallCluster.Media.Resampling;
using CallCluster.Testing;

namespace CallCluster.Media.Tests.Support;

/// <summary>Real synthetic speech from the espeak-ng command, resampled to the internal 16 kHz.</summary>
internal static class SpeechSamples
{
    private static readonly Lazy<short[]> Sentence = new(() => Synthesize("Thank you for calling. Please tell me your order number, and I will check it for you."));

    /// <summary>About five seconds of a spoken English sentence at 16 kHz.</summary>
    public static short[] Sentence16K => Sentence.Value;

    public static short[] Synthesize(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"callcluster-media-{Guid.NewGuid():N}.wav");
        try
        {
            using (var process = ChildProcess.Start(new ProcessStartInfo("espeak-ng", ["-w", path, text])))
            {
                if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
                {
                    process.Kill();
                    throw new TimeoutException("espeak-ng took longer than 60 s.");
                }

                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
                }
            }

            var wav = TestWav.Read(path);
            using var resampler = new SpeexResampler(wav.SampleRate, 16_000, quality: 8);
            var output = new short[resampler.GetMaxOutputLength(wav.Samples.Length)];
            var written = resampler.Process(wav.Samples, output);
            return output[..written];
        }
        finally
        {
            File.Delete(path);
        }
    }
}
