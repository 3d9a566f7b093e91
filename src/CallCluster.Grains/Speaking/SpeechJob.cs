using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Evidence;
using CallCluster.Grains.Streaming;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Grains.Speaking;

/// <summary>
/// Speaks one agent turn off the grain's turn: synthesizes it sentence by sentence with streaming TTS (through the
/// silo's <see cref="SpokenSentenceCache"/>), cuts the audio
/// into 20 ms frames, and queues them with a mark at the start, after each sentence (its text offset) and at the end.
/// The first audio is reported back as a <see cref="TtsChunk"/>; a failure as an <see cref="ErrorRecord"/> (the
/// machine's first-audio timeout then plays the fallback line).
/// </summary>
internal sealed class SpeechJob
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly short[] _frame = new short[CallStreamCodec.FrameSamples];
    private readonly int _turnId;
    private readonly string _text;
    private readonly string _activation;
    private readonly SpokenSentenceCache _sentences;
    private readonly OutboundAudio _outbound;
    private readonly TimeProvider _time;
    private readonly Action<object> _post;
    private int _filled;
    private bool _startMarked;

    public SpeechJob(int turnId, string text, string activation, SpokenSentenceCache sentences, OutboundAudio outbound, TimeProvider time, Action<object> post)
    {
        _turnId = turnId;
        _text = text;
        _activation = activation;
        _sentences = sentences;
        _outbound = outbound;
        _time = time;
        _post = post;
        _ = Task.Run(RunAsync);
    }

    /// <summary>Stops synthesis and queueing; frames already sent are the edge's to clear.</summary>
    public void Cancel() => _cancel.Cancel();

    private async Task RunAsync()
    {
        var token = _cancel.Token;
        try
        {
            var first = true;
            foreach (var (sentence, end) in SentenceSplitter.Split(_text))
            {
                await foreach (var samples in _sentences.SpeakAsync(sentence, token))
                {
                    if (first)
                    {
                        first = false;
                        _post(new TtsChunk(_time.GetUtcNow(), _turnId));
                    }

                    await QueueAsync(samples, token);
                }

                await _outbound.MarkAsync(_turnId, MarkName.Format(_activation, _turnId, end), token);
            }

            if (_filled > 0)
            {
                _frame.AsSpan(_filled).Clear();
                _filled = 0;
                await SendFrameAsync(token);
            }

            if (!_startMarked)
            {
                // No audio at all: the start is still reported, so the turn's playout completes.
                await MarkStartAsync(token);
            }

            await _outbound.MarkAsync(_turnId, MarkName.Format(_activation, _turnId, MarkName.End), token);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Barge-in or hang-up: the machine already moved on.
        }
#pragma warning disable CA1031 // A failing synthesizer costs the caller this line (the fallback follows), not the call.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _post(new ErrorRecord(_time.GetUtcNow(), "tts", e.Message));
        }
    }

    private async ValueTask QueueAsync(ReadOnlyMemory<short> samples, CancellationToken token)
    {
        while (!samples.IsEmpty)
        {
            var take = Math.Min(samples.Length, _frame.Length - _filled);
            samples.Span[..take].CopyTo(_frame.AsSpan(_filled));
            _filled += take;
            samples = samples[take..];
            if (_filled == _frame.Length)
            {
                _filled = 0;
                await SendFrameAsync(token);
            }
        }
    }

    private async ValueTask SendFrameAsync(CancellationToken token)
    {
        await _outbound.AudioAsync(_turnId, _frame, token);
        if (!_startMarked)
        {
            await MarkStartAsync(token);
        }
    }

    /// <summary>
    /// The start mark follows the turn's first frame, so the edge reports it when that frame has gone out: the machine's
    /// first-packet time. Queued ahead of the audio, it was reported at the next tick even while synthesis was still
    /// queued behind other calls, and the turn's first packet looked earlier than its first audio.
    /// </summary>
    private ValueTask MarkStartAsync(CancellationToken token)
    {
        _startMarked = true;
        return _outbound.MarkAsync(_turnId, MarkName.Format(_activation, _turnId, MarkName.Start), token);
    }
}
