using System.Buffers.Binary;
using System.Diagnostics;
using System.Globalization;
using CallCluster.Media.Frames;
using CallCluster.Media.Resampling;
using CallCluster.Speech.ESpeak;

namespace CallCluster.Speech.Tests.Support;

/// <summary>
/// Speaks text with the espeak-ng command, one process per text, resampled to 16 kHz as <see cref="ESpeakTextToSpeech"/>
/// does. espeak-ng 1.51 carries waveform state from one text to the next in a process (pitch flutter position, phase,
/// libc rand), so in-process audio depends on what was spoken before, including by tests running alongside; a fresh
/// process speaks the same text the same way every time, which a test that counts recognitions needs.
/// </summary>
public static class FreshESpeak
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<short[]> SpeakAsync(ESpeakOptions voice, string text, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("espeak-ng")
        {
            ArgumentList = { "-v", voice.Voice, "-s", voice.WordsPerMinute.ToString(CultureInfo.InvariantCulture), "-p", voice.Pitch.ToString(CultureInfo.InvariantCulture), "--stdout", text },
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start) ?? throw new InvalidOperationException("espeak-ng did not start (scripts/setup.sh installs it).");
        using var wav = new MemoryStream();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        var errors = process.StandardError.ReadToEndAsync(timeout.Token);
        await process.StandardOutput.BaseStream.CopyToAsync(wav, timeout.Token);
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"espeak-ng exited {process.ExitCode}: {await errors}");
        }

        var (rate, samples) = ReadWav(wav.ToArray());
        using var resampler = new SpeexResampler(rate, AudioFormat.SampleRate, voice.ResamplerQuality);

        // The resampler's latency worth of silence after the speech lets its filter give out the last samples.
        var tail = (resampler.OutputLatency * rate / AudioFormat.SampleRate) + 1;
        var input = new short[samples.Length + tail];
        samples.CopyTo(input, 0);
        var output = new short[resampler.GetMaxOutputLength(input.Length)];
        var written = resampler.Process(input, output);
        return output[..written];
    }

    /// <summary>espeak's --stdout WAV: 16-bit mono PCM, its sizes left at "unknown" because it streams.</summary>
    private static (int Rate, short[] Samples) ReadWav(byte[] wav)
    {
        if (wav.Length < 44 || wav[0] != 'R' || wav[8] != 'W')
        {
            throw new InvalidDataException($"espeak-ng wrote {wav.Length} bytes that are not a WAV file.");
        }

        var rate = BinaryPrimitives.ReadInt32LittleEndian(wav.AsSpan(24));
        var data = wav.AsSpan(44);
        var samples = new short[data.Length / 2];
        for (var i = 0; i < samples.Length; i++)
        {
            samples[i] = BinaryPrimitives.ReadInt16LittleEndian(data[(i * 2)..]);
        }

        return (rate, samples);
    }
}
