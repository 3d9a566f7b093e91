using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Grains.Speaking;

/// <summary>
/// Sentences this silo has synthesized, kept as 16 kHz samples, so a line that many calls say is synthesized once: the
/// resume line after a failover (every call of the dead silo asks for it in the same second, and the one espeak-ng
/// engine of the process would otherwise synthesize it for each of them in turn) and the fixed prompts of the
/// graph's nodes. A sentence asked for while it is being synthesized waits for that synthesis rather than queueing
/// another. The cache holds at most <see cref="SpokenSentenceCacheLimits.MaxSentences"/> sentences (first in, first out)
/// of at most <see cref="SpokenSentenceCacheLimits.MaxSentenceDuration"/> each.
/// </summary>
public sealed class SpokenSentenceCache(ITextToSpeech textToSpeech)
{
    private const int SamplesPerSecond = 16_000;
    private static readonly int MaxSamples = (int)(SpokenSentenceCacheLimits.MaxSentenceDuration.TotalSeconds * SamplesPerSecond);

    private readonly ConcurrentDictionary<string, Task<short[]?>> _sentences = new(StringComparer.Ordinal);
    private readonly ConcurrentQueue<string> _order = new();

    /// <summary>Sentences held now (for tests and diagnostics).</summary>
    public int Count => _sentences.Count;

    /// <summary>
    /// The sentence's audio as chunks of samples: from the cache, from a synthesis already running for another call, or
    /// streamed from the synthesizer as it produces them (and kept for the next caller). A chunk is valid until the
    /// next one is requested.
    /// </summary>
    public async IAsyncEnumerable<ReadOnlyMemory<short>> SpeakAsync(string sentence, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sentence);
        var mine = new TaskCompletionSource<short[]?>(TaskCreationOptions.RunContinuationsAsynchronously);
        var existing = _sentences.GetOrAdd(sentence, mine.Task);
        if (existing != mine.Task)
        {
            if (await existing.WaitAsync(cancellationToken) is { } cached)
            {
                yield return cached;
                yield break;
            }

            // That synthesis failed, was cancelled or was too long to keep: synthesize for this call alone.
            await foreach (var chunk in StreamAsync(sentence, keep: null, cancellationToken))
            {
                yield return chunk;
            }

            yield break;
        }

        var kept = new SampleCollector(MaxSamples);
        try
        {
            await foreach (var chunk in StreamAsync(sentence, kept, cancellationToken))
            {
                yield return chunk;
            }

            var samples = kept.ToArray();
            mine.SetResult(samples);
            if (samples is null)
            {
                _sentences.TryRemove(KeyValuePair.Create(sentence, mine.Task));
            }
            else
            {
                Admitted(sentence);
            }
        }
        finally
        {
            kept.Dispose();
            if (mine.TrySetResult(null))
            {
                // Failed or cancelled: forget it, so the next call tries again.
                _sentences.TryRemove(KeyValuePair.Create(sentence, mine.Task));
            }
        }
    }

    private async IAsyncEnumerable<ReadOnlyMemory<short>> StreamAsync(string sentence, SampleCollector? keep, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var chunk in textToSpeech.SynthesizeAsync(sentence, cancellationToken))
        {
            using (chunk)
            {
                keep?.Add(chunk.Samples.Span);
                yield return chunk.Samples;
            }
        }
    }

    private void Admitted(string sentence)
    {
        _order.Enqueue(sentence);
        while (_order.Count > SpokenSentenceCacheLimits.MaxSentences && _order.TryDequeue(out var oldest))
        {
            _sentences.TryRemove(oldest, out _);
        }
    }

    /// <summary>A sentence's samples as they stream by, in a pooled buffer; gives up (null) past the limit.</summary>
    private sealed class SampleCollector(int limit) : IDisposable
    {
        private short[] _buffer = ArrayPool<short>.Shared.Rent(SamplesPerSecond * 2);
        private int _length;
        private bool _overflow;

        public void Add(ReadOnlySpan<short> samples)
        {
            if (_overflow || _length + samples.Length > limit)
            {
                _overflow = true;
                return;
            }

            if (_length + samples.Length > _buffer.Length)
            {
                var larger = ArrayPool<short>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + samples.Length));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<short>.Shared.Return(_buffer);
                _buffer = larger;
            }

            samples.CopyTo(_buffer.AsSpan(_length));
            _length += samples.Length;
        }

        public short[]? ToArray() => _overflow || _length == 0 ? null : _buffer.AsSpan(0, _length).ToArray();

        public void Dispose() => ArrayPool<short>.Shared.Return(_buffer);
    }
}
