namespace CallCluster.Media.Tests.Support;

/// <summary>Signal measurements for codec and DSP assertions.</summary>
internal static class Measure
{
    public static double Rms(ReadOnlySpan<short> samples)
    {
        if (samples.IsEmpty)
        {
            return 0;
        }

        double sum = 0;
        foreach (var s in samples)
        {
            sum += (double)s * s;
        }

        return Math.Sqrt(sum / samples.Length);
    }

    /// <summary>The delay (0..maxLag samples) at which <paramref name="output"/> best matches <paramref name="reference"/>.</summary>
    public static int BestLag(ReadOnlySpan<short> reference, ReadOnlySpan<short> output, int maxLag)
    {
        var best = 0;
        var bestScore = double.MinValue;
        var length = Math.Min(reference.Length, output.Length) - maxLag;
        for (var lag = 0; lag <= maxLag; lag++)
        {
            double dot = 0;
            for (var i = 0; i < length; i++)
            {
                dot += (double)reference[i] * output[i + lag];
            }

            if (dot > bestScore)
            {
                bestScore = dot;
                best = lag;
            }
        }

        return best;
    }

    /// <summary>Waveform SNR of <paramref name="output"/> against <paramref name="reference"/> after removing the codec's delay.</summary>
    public static double AlignedSnrDb(ReadOnlySpan<short> reference, ReadOnlySpan<short> output, int maxLag = 400)
    {
        var lag = BestLag(reference, output, maxLag);
        var length = Math.Min(reference.Length, output.Length - lag);
        double signal = 0, noise = 0;
        for (var i = 0; i < length; i++)
        {
            double error = output[i + lag] - reference[i];
            signal += (double)reference[i] * reference[i];
            noise += error * error;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-9));
    }

    /// <summary>
    /// Correlation of the two signals' 20 ms energy envelopes (in dB) after alignment: near 1 when the output
    /// has the speech's syllables where the input had them, whatever a perceptual codec did to the waveform.
    /// </summary>
    public static double EnvelopeCorrelation(ReadOnlySpan<short> reference, ReadOnlySpan<short> output, int maxLag = 400)
    {
        var lag = BestLag(reference, output, maxLag);
        var frames = Math.Min(reference.Length, output.Length - lag) / 320;
        var a = new double[frames];
        var b = new double[frames];
        for (var f = 0; f < frames; f++)
        {
            a[f] = 20 * Math.Log10(Rms(reference.Slice(f * 320, 320)) + 1);
            b[f] = 20 * Math.Log10(Rms(output.Slice((f * 320) + lag, 320)) + 1);
        }

        double meanA = a.Average(), meanB = b.Average(), cov = 0, varA = 0, varB = 0;
        for (var f = 0; f < frames; f++)
        {
            cov += (a[f] - meanA) * (b[f] - meanB);
            varA += (a[f] - meanA) * (a[f] - meanA);
            varB += (b[f] - meanB) * (b[f] - meanB);
        }

        return cov / Math.Sqrt(varA * varB);
    }
}
