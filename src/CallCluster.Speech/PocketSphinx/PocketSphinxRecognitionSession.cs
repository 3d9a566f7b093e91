using CallCluster.Media.Frames;
using System.Collections.Concurrent;
using System.Threading.Channels;
using CallCluster.Speech.Abstractions;
using CallCluster.Speech.Grammar;

namespace CallCluster.Speech.PocketSphinx;

/// <summary>
/// One utterance on a rented decoder. Frames are copied into pooled buffers and decoded on a dedicated thread, so
/// <see cref="PushAsync"/> never runs native code on the caller's (grain's) thread, and decoding — milliseconds of native
/// CPU per 20 ms frame with many callers talking — never holds thread-pool threads: measured on the call benchmark, it
/// kept up to 178 work items (grain turns, stream I/O, timers) waiting for the pool's 6 threads at 50 calls. Selecting
/// the node's grammar and starting the utterance run there too: compiling a grammar the decoder has not seen, or
/// switching its search, took up to 17 ms of a pool thread (p95 9 ms over a 50-call level), several times a second.
/// </summary>
internal sealed class PocketSphinxRecognitionSession : ISpeechRecognitionSession
{
    private readonly PocketSphinxDecoderPool _pool;
    private readonly PocketSphinxDecoder _decoder;
    private readonly int _partialIntervalSamples;
    private readonly BlockingCollection<PooledFrame> _frames = [];
    private readonly Channel<PartialTranscript> _partials = Channel.CreateUnbounded<PartialTranscript>(new UnboundedChannelOptions { SingleWriter = true });
    private readonly TaskCompletionSource<Transcript> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _abandon = new();
    private readonly CompiledGrammar? _grammar;
    private readonly Task _decoding;

    /// <summary>
    /// Starts the utterance on <paramref name="decoder"/>, which the session returns to the pool when done. A grammar the
    /// decoder refuses fails the session's final transcript, as a decoding error does.
    /// </summary>
    public PocketSphinxRecognitionSession(PocketSphinxDecoderPool pool, PocketSphinxDecoder decoder, CompiledGrammar? grammar, TimeSpan partialInterval)
    {
        _pool = pool;
        _decoder = decoder;
        _grammar = grammar;
        _partialIntervalSamples = Math.Max(AudioFormat.SamplesPerFrame, (int)(partialInterval.TotalSeconds * AudioFormat.SampleRate));
        _decoding = Task.Factory.StartNew(Decode, CancellationToken.None, TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    public ValueTask PushAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken = default)
    {
        var buffer = AudioBlockPool.Frames.RentAtLeast(frame.Length);
        frame.Span.CopyTo(buffer);
        try
        {
            _frames.Add(new PooledFrame(buffer, frame.Length), CancellationToken.None);
        }
        catch (InvalidOperationException e)
        {
            AudioBlockPool.Frames.ReturnAny(buffer);
            throw new InvalidOperationException("The recognition session is already complete; start a new session for the next utterance.", e);
        }

        return ValueTask.CompletedTask;
    }

    public IAsyncEnumerable<PartialTranscript> ReadPartialsAsync(CancellationToken cancellationToken = default) =>
        _partials.Reader.ReadAllAsync(cancellationToken);

    public Task<Transcript> CompleteAsync(CancellationToken cancellationToken = default)
    {
        _frames.CompleteAdding();
        return _final.Task.WaitAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        _frames.CompleteAdding();
        if (!_final.Task.IsCompleted)
        {
            await _abandon.CancelAsync();
        }

        await _decoding;
        _abandon.Dispose();
        _frames.Dispose();
    }

    private void Decode()
    {
        var healthy = true;
        var started = false;
        Transcript? transcript = null;
        Exception? failure = null;
        try
        {
            _decoder.SelectGrammar(_grammar);
            _decoder.StartUtterance();
            started = true;
            var lastPartial = "";
            var sinceLastPartial = 0;
            foreach (var frame in _frames.GetConsumingEnumerable(_abandon.Token))
            {
                try
                {
                    _decoder.Process(frame.Samples);
                }
                finally
                {
                    frame.Release();
                }

                sinceLastPartial += frame.Length;
                if (sinceLastPartial >= _partialIntervalSamples)
                {
                    sinceLastPartial = 0;
                    var hypothesis = _decoder.Hypothesis();
                    if (hypothesis.Length > 0 && !string.Equals(hypothesis, lastPartial, StringComparison.Ordinal))
                    {
                        lastPartial = hypothesis;
                        _partials.Writer.TryWrite(new PartialTranscript(hypothesis, _decoder.Position, _decoder.InSpeech));
                    }
                }
            }

            transcript = _decoder.EndUtterance();
        }
        catch (OperationCanceledException) when (_abandon.IsCancellationRequested)
        {
            // Abandoned (disposed before completion): close the utterance so the decoder is clean for the next renter.
            healthy = !started || TryEndUtterance();
        }
        catch (Exception e)
        {
            healthy = false;
            failure = e as SpeechProviderException ?? new SpeechProviderException("pocketsphinx", "decoding failed.", e);
        }
        finally
        {
            while (_frames.TryTake(out var left))
            {
                left.Release();
            }

            // The decoder goes back before the result is published, so a caller's next session can reuse it at once.
            _pool.Return(_decoder, healthy);
            _partials.Writer.TryComplete();
        }

        if (transcript is not null)
        {
            _final.TrySetResult(transcript);
        }
        else if (failure is not null)
        {
            _final.TrySetException(failure);
        }
        else
        {
            _final.TrySetCanceled(_abandon.Token);
        }
    }

    private bool TryEndUtterance()
    {
        try
        {
            _decoder.EndUtterance();
            return true;
        }
        catch (SpeechProviderException)
        {
            return false;
        }
    }

    private readonly record struct PooledFrame(short[] Buffer, int Length)
    {
        public Span<short> Samples => Buffer.AsSpan(0, Length);

        public void Release() => AudioBlockPool.Frames.ReturnAny(Buffer);
    }
}
