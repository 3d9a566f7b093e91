using System.Diagnostics;
using System.Globalization;
using CallCluster.Media.Frames;
using CallCluster.Media.Resampling;

namespace CallCluster.Testing;

/// <summary>
/// Real synthetic speech from the espeak-ng command, one process per text, resampled to the internal 16 kHz. A fresh
/// process speaks the same text the same way every time; espeak-ng 1.51 inside a process carries waveform state (pitch
/// flutter, phase, libc rand) from one text to the next, so in-process audio depends on what was spoken before,
/// including by tests running alongside.
/// </summary>
public static class ESpeakCommand
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <param name="text">What to say.</param>
    /// <param name="voice">espeak-ng's -v (e.g. "en-us+m3"); null: its default voice.</param>
    /// <param name="wordsPerMinute">-s; null: the voice's rate.</param>
    /// <param name="pitch">-p (0–99); null: the voice's pitch.</param>
    /// <param name="resamplerQuality">speexdsp quality (0–10) for espeak's 22 050 Hz → 16 kHz.</param>
    public static short[] Speak(string text, string? voice = null, int? wordsPerMinute = null, int? pitch = null, int resamplerQuality = 8)
    {
        var path = Path.Combine(Path.GetTempPath(), $"callcluster-espeak-{Guid.NewGuid():N}.wav");
        var start = new ProcessStartInfo("espeak-ng");
        AddOption(start, "-v", voice);
        AddOption(start, "-s", wordsPerMinute?.ToString(CultureInfo.InvariantCulture));
        AddOption(start, "-p", pitch?.ToString(CultureInfo.InvariantCulture));
        start.ArgumentList.Add("-w");
        start.ArgumentList.Add(path);
        start.ArgumentList.Add(text);
        try
        {
            using (var process = ChildProcess.Start(start))
            {
                if (!process.WaitForExit(Timeout))
                {
                    process.Kill();
                    throw new TimeoutException($"espeak-ng took longer than {Timeout.TotalSeconds:0} s.");
                }

                if (process.ExitCode != 0)
                {
                    throw new InvalidOperationException($"espeak-ng failed ({process.ExitCode}): {process.StandardError.ReadToEnd()}");
                }
            }

            var wav = TestWav.Read(path);
            using var resampler = new SpeexResampler(wav.SampleRate, AudioFormat.SampleRate, resamplerQuality);
            var output = new short[resampler.GetMaxOutputLength(wav.Samples.Length)];
            var written = resampler.Process(wav.Samples, output);
            return output[..written];
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static void AddOption(ProcessStartInfo start, string option, string? value)
    {
        if (value is not null)
        {
            start.ArgumentList.Add(option);
            start.ArgumentList.Add(value);
        }
    }
}
