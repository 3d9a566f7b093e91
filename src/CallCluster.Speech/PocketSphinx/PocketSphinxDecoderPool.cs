using System.Collections.Concurrent;

namespace CallCluster.Speech.PocketSphinx;

/// <summary>
/// Keeps loaded decoders for reuse: loading one takes ~0.5 s and tens of MB, an utterance needs one for a few
/// seconds. Decoders are created lazily up to <see cref="PocketSphinxOptions.MaxDecoders"/>; renters beyond that wait.
/// </summary>
internal sealed class PocketSphinxDecoderPool : IDisposable
{
    private readonly PocketSphinxOptions _options;
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentBag<PocketSphinxDecoder> _idle = [];
    private int _created;
    private bool _disposed;

    public PocketSphinxDecoderPool(PocketSphinxOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxDecoders);
        _options = options;
        _slots = new SemaphoreSlim(options.MaxDecoders, options.MaxDecoders);
    }

    /// <summary>Decoders loaded since start (a reused decoder is not counted again).</summary>
    public int Created => Volatile.Read(ref _created);

    /// <summary>Decoders loaded and waiting for an utterance.</summary>
    public int Idle => _idle.Count;

    /// <summary>Waits for a free slot, then returns an idle decoder or loads a new one (off the caller's thread).</summary>
    public async ValueTask<PocketSphinxDecoder> RentAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _slots.WaitAsync(cancellationToken);
        try
        {
            if (_idle.TryTake(out var decoder))
            {
                return decoder;
            }

            decoder = await Task.Run(() => PocketSphinxDecoder.Create(_options), cancellationToken);
            Interlocked.Increment(ref _created);
            return decoder;
        }
        catch
        {
            _slots.Release();
            throw;
        }
    }

    /// <summary>Gives a decoder back; a decoder that failed mid-utterance is discarded rather than reused.</summary>
    public void Return(PocketSphinxDecoder decoder, bool healthy)
    {
        if (healthy && !_disposed)
        {
            _idle.Add(decoder);
        }
        else
        {
            decoder.Dispose();
        }

        _slots.Release();
    }

    /// <summary>Loads <paramref name="count"/> decoders ahead of the first call so it does not wait for a model load.</summary>
    public async Task WarmUpAsync(int count, CancellationToken cancellationToken)
    {
        var rented = new List<PocketSphinxDecoder>();
        try
        {
            for (var i = 0; i < Math.Min(count, _options.MaxDecoders); i++)
            {
                rented.Add(await RentAsync(cancellationToken));
            }
        }
        finally
        {
            foreach (var decoder in rented)
            {
                Return(decoder, healthy: true);
            }
        }
    }

    public void Dispose()
    {
        _disposed = true;
        while (_idle.TryTake(out var decoder))
        {
            decoder.Dispose();
        }
    }
}
