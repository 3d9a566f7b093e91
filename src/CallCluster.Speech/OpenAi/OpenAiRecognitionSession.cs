using System.Buffers;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Speech.OpenAi;

/// <summary>Buffers one utterance in a pooled, growing buffer and transcribes it on completion.</summary>
internal sealed class OpenAiRecognitionSession : ISpeechRecognitionSession
{
    private readonly OpenAiSpeechToText _provider;
    private readonly string? _prompt;
    private readonly Lock _gate = new();
    private short[] _buffer = ArrayPool<short>.Shared.Rent(AudioFormat.SampleRate * 4);
    private int _length;
    private bool _completed;
    private bool _truncated;

    public OpenAiRecognitionSession(OpenAiSpeechToText provider, string? prompt)
    {
        _provider = provider;
        _prompt = prompt;
    }

    public ValueTask PushAsync(ReadOnlyMemory<short> frame, CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("The recognition session is already complete; start a new session for the next utterance.");
            }

            var room = _provider.MaxSamples - _length;
            if (frame.Length > room && !_truncated)
            {
                _truncated = true;
                _provider.ReportTruncated();
            }

            var take = Math.Min(frame.Length, room);
            if (_length + take > _buffer.Length)
            {
                var larger = ArrayPool<short>.Shared.Rent(Math.Max(_buffer.Length * 2, _length + take));
                _buffer.AsSpan(0, _length).CopyTo(larger);
                ArrayPool<short>.Shared.Return(_buffer);
                _buffer = larger;
            }

            frame.Span[..take].CopyTo(_buffer.AsSpan(_length));
            _length += take;
        }

        return ValueTask.CompletedTask;
    }

    public async IAsyncEnumerable<PartialTranscript> ReadPartialsAsync([System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        // The transcription API returns only a final result.
        await Task.CompletedTask;
        yield break;
    }

    public Task<Transcript> CompleteAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            if (_completed)
            {
                throw new InvalidOperationException("CompleteAsync was already called.");
            }

            _completed = true;
        }

        // TranscribeAsync encodes the samples before its first await, so disposing the session meanwhile is safe.
        return _provider.TranscribeAsync(_buffer.AsMemory(0, _length), _prompt, cancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            _completed = true;
            if (_buffer.Length > 0)
            {
                ArrayPool<short>.Shared.Return(_buffer);
                _buffer = [];
                _length = 0;
            }
        }

        return ValueTask.CompletedTask;
    }
}
