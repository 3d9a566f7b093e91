namespace CallCluster.Media.Tests.Support;

/// <summary>
/// Least-squares fit of a·sin + b·cos + c at one known frequency. The SNR of the fit says both that the
/// signal still sits at that frequency and how much noise and distortion it picked up, independent of
/// the delay a filter or codec added.
/// </summary>
internal static class SineFit
{
    public static double SnrDb(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var (a, b, c) = Fit(samples, frequency, sampleRate);
        double signal = 0, noise = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            var fitted = (a * Math.Sin(angle)) + (b * Math.Cos(angle));
            var error = samples[i] - fitted - c;
            signal += fitted * fitted;
            noise += error * error;
        }

        return 10 * Math.Log10(signal / Math.Max(noise, 1e-9));
    }

    public static double Amplitude(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        var (a, b, _) = Fit(samples, frequency, sampleRate);
        return Math.Sqrt((a * a) + (b * b));
    }

    private static (double A, double B, double C) Fit(ReadOnlySpan<short> samples, double frequency, int sampleRate)
    {
        // Normal equations of the 3-parameter model, solved by Cramer's rule.
        double ss = 0, cc = 0, sc = 0, s1 = 0, c1 = 0, n = samples.Length, ys = 0, yc = 0, y1 = 0;
        for (var i = 0; i < samples.Length; i++)
        {
            var angle = 2 * Math.PI * frequency * i / sampleRate;
            double s = Math.Sin(angle), c = Math.Cos(angle), y = samples[i];
            ss += s * s;
            cc += c * c;
            sc += s * c;
            s1 += s;
            c1 += c;
            ys += y * s;
            yc += y * c;
            y1 += y;
        }

        var det = Det(ss, sc, s1, sc, cc, c1, s1, c1, n);
        var a = Det(ys, sc, s1, yc, cc, c1, y1, c1, n) / det;
        var b = Det(ss, ys, s1, sc, yc, c1, s1, y1, n) / det;
        var dc = Det(ss, sc, ys, sc, cc, yc, s1, c1, y1) / det;
        return (a, b, dc);
    }

    private static double Det(double a, double b, double c, double d, double e, double f, double g, double h, double i) =>
        (a * ((e * i) - (f * h))) - (b * ((d * i) - (f * g))) + (c * ((d * h) - (e * g)));
}
