using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using CallCluster.Media.Resampling;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.ESpeak;

/// <summary>One text to speak: written to by espeak's callback thread, read by the consumer's enumeration.</summary>
internal sealed class SynthesisJob : IDisposable
{
    private readonly CancellationTokenSource _cancellation;
    private readonly Channel<SynthesizedAudio> _output = Channel.CreateUnbounded<SynthesizedAudio>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly ManualResetEventSlim _synthesisEnded = new();
    private SpeexResampler? _resampler;
    private long _startedAt;
    private long _firstChunkAt;
    private static long _lastId;
    private long _samplesOut;

    public SynthesisJob(string text, ESpeakOptions options, CancellationToken cancellationToken, Action<SynthesisReport>? onFinished)
    {
        Text = text;
        Options = options;
        OnFinished = onFinished;
        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
    }

    public string Text { get; }

    /// <summary>Passed to espeak as user data and echoed in every callback's events, to tell jobs apart.</summary>
    public IntPtr Id { get; } = (IntPtr)Interlocked.Increment(ref _lastId);

    public ESpeakOptions Options { get; }

    public Action<SynthesisReport>? OnFinished { get; }

    public CancellationToken Token => _cancellation.Token;

    public ChannelReader<SynthesizedAudio> Output => _output.Reader;

    /// <summary>Set by the callback when espeak reports the end of the message.</summary>
    public ManualResetEventSlim SynthesisEnded => _synthesisEnded;

    /// <summary>Stops the job from the consumer's side (cancelled or stopped enumerating).</summary>
    public void Abandon()
    {
        try
        {
            _cancellation.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Already finished and disposed: nothing left to stop.
        }
    }

    /// <summary>Called on the engine thread just before espeak_Synth.</summary>
    public void Begin(int inputRate)
    {
        _startedAt = Stopwatch.GetTimestamp();
        _resampler = new SpeexResampler(inputRate, AudioFormat.SampleRate, Options.ResamplerQuality);
    }

    /// <summary>Called on espeak's thread with each chunk at its native rate.</summary>
    public void Write(ReadOnlySpan<short> samples)
    {
        var resampler = _resampler!;
        var buffer = ArrayPool<short>.Shared.Rent(resampler.GetMaxOutputLength(samples.Length));
        var written = resampler.Process(samples, buffer);
        if (written == 0)
        {
            ArrayPool<short>.Shared.Return(buffer);
            return;
        }

        var chunk = SynthesizedAudio.FromRented(buffer, written);
        if (!_output.Writer.TryWrite(chunk))
        {
            chunk.Dispose();
            return;
        }

        if (_samplesOut == 0)
        {
            _firstChunkAt = Stopwatch.GetTimestamp();
        }

        _samplesOut += written;
    }

    /// <summary>
    /// Pushes silence through the resampler so the last few milliseconds of speech held in its filter come out too;
    /// called once, on the engine thread, after espeak's thread has gone idle.
    /// </summary>
    public void Flush()
    {
        var resampler = _resampler!;
        var tail = (resampler.OutputLatency * resampler.InputRate / resampler.OutputRate) + 1;
        var silence = ArrayPool<short>.Shared.Rent(tail);
        try
        {
            Array.Clear(silence, 0, tail);
            Write(silence.AsSpan(0, tail));
        }
        finally
        {
            ArrayPool<short>.Shared.Return(silence);
        }
    }

    /// <summary>Ends the consumer's enumeration and reports; called once on the engine thread.</summary>
    public void Finish(Exception? error)
    {
        var cancelled = error is null && Token.IsCancellationRequested && !_synthesisEnded.IsSet;
        _output.Writer.TryComplete(error);
        var started = _startedAt == 0 ? Stopwatch.GetTimestamp() : _startedAt;
        OnFinished?.Invoke(new SynthesisReport(
            Text.Length,
            TimeSpan.FromSeconds(_samplesOut / (double)AudioFormat.SampleRate),
            Stopwatch.GetElapsedTime(started),
            _samplesOut > 0 ? Stopwatch.GetElapsedTime(started, _firstChunkAt) : null,
            cancelled,
            error));
    }

    /// <summary>Disposes chunks the consumer never read.</summary>
    public void DrainUnread()
    {
        while (_output.Reader.TryRead(out var chunk))
        {
            chunk.Dispose();
        }
    }

    public void Dispose()
    {
        _resampler?.Dispose();
        _synthesisEnded.Dispose();
        _cancellation.Dispose();
    }
}
