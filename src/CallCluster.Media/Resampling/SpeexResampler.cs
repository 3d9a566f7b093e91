using CallCluster.Media.Interop.SpeexDsp;

namespace CallCluster.Media.Resampling;

/// <summary>
/// Streaming sample-rate converter for mono 16-bit PCM over speexdsp's resampler. Keeps filter state
/// between calls, so consecutive chunks of one stream resample without clicks at chunk edges.
/// One instance per stream; not thread-safe.
/// </summary>
public sealed class SpeexResampler : IDisposable
{
    /// <summary>Speex's own default (VoIP quality): good stop-band rejection at low CPU.</summary>
    public const int DefaultQuality = 5;

    private readonly SpeexResamplerHandle handle;

    /// <param name="inputRate">Input sample rate in Hz (e.g. 22 050 for espeak-ng, 8 000 for G.711).</param>
    /// <param name="outputRate">Output sample rate in Hz.</param>
    /// <param name="quality">0 (fastest) to 10 (best); default <see cref="DefaultQuality"/>.</param>
    public SpeexResampler(int inputRate, int outputRate, int quality = DefaultQuality)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(inputRate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(outputRate);
        ArgumentOutOfRangeException.ThrowIfNegative(quality);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quality, 10);

        handle = SpeexResamplerNative.Init(1, (uint)inputRate, (uint)outputRate, quality, out var error);
        if (handle.IsInvalid || error != SpeexResamplerNative.Success)
        {
            var reason = SpeexResamplerNative.Describe(error);
            handle.Dispose();
            throw new InvalidOperationException($"speex_resampler_init({inputRate} -> {outputRate} Hz, quality {quality}) failed: {reason}");
        }

        InputRate = inputRate;
        OutputRate = outputRate;
        Quality = quality;
    }

    public int InputRate { get; }

    public int OutputRate { get; }

    public int Quality { get; }

    /// <summary>Delay the filter adds, in output samples (the first output samples are the filter's ramp-up).</summary>
    public int OutputLatency
    {
        get
        {
            ObjectDisposedException.ThrowIf(handle.IsClosed, this);
            return SpeexResamplerNative.GetOutputLatency(handle);
        }
    }

    /// <summary>
    /// The output length that always suffices for <paramref name="inputLength"/> input samples: the exact
    /// ratio rounded up, plus slack for the fractional phase the filter carries between calls.
    /// </summary>
    public int GetMaxOutputLength(int inputLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputLength);
        return checked((int)((((long)inputLength * OutputRate) + InputRate - 1) / InputRate) + 2);
    }

    /// <summary>
    /// Resamples all of <paramref name="input"/> and returns how many samples were written to
    /// <paramref name="output"/>. The output must hold <see cref="GetMaxOutputLength"/> samples, so no
    /// input is ever left behind.
    /// </summary>
    public unsafe int Process(ReadOnlySpan<short> input, Span<short> output)
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        var needed = GetMaxOutputLength(input.Length);
        if (output.Length < needed)
        {
            throw new ArgumentException(
                $"Output holds {output.Length} samples; resampling {input.Length} samples {InputRate} -> {OutputRate} Hz needs up to {needed}.",
                nameof(output));
        }

        if (input.IsEmpty)
        {
            return 0;
        }

        var inputLength = (uint)input.Length;
        var outputLength = (uint)output.Length;
        int error;
        fixed (short* inputPointer = input)
        fixed (short* outputPointer = output)
        {
            error = SpeexResamplerNative.ProcessInt(handle, 0, inputPointer, ref inputLength, outputPointer, ref outputLength);
        }

        if (error != SpeexResamplerNative.Success)
        {
            throw new InvalidOperationException($"speex_resampler_process_int failed: {SpeexResamplerNative.Describe(error)}");
        }

        if (inputLength != input.Length)
        {
            // Unreachable with the size check above; kept as a guard because silently dropping audio is worse than failing.
            throw new InvalidOperationException($"Resampler consumed {inputLength} of {input.Length} input samples.");
        }

        return (int)outputLength;
    }

    /// <summary>Clears the filter history, for a new, unrelated stream through the same instance.</summary>
    public void Reset()
    {
        ObjectDisposedException.ThrowIf(handle.IsClosed, this);
        _ = SpeexResamplerNative.ResetMem(handle);
    }

    public void Dispose() => handle.Dispose();
}
