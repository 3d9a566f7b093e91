using System.Threading.Channels;
using CallCluster.Agent.TurnTaking;
using CallCluster.Grains.Evidence;
using CallCluster.Media.Frames;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Grains.Listening;

/// <summary>
/// One streaming recognition, run off the grain's turn: frames pushed from the turn are queued (pooled copies), the
/// session is opened, fed and finalized on a worker task, and partials and the final come back through
/// <paramref name="post"/> as <see cref="TranscriptPartial"/> / <see cref="TranscriptFinal"/> tagged with the
/// machine's recognition id. A failed provider answers with an empty final and an <see cref="ErrorRecord"/>.
/// </summary>
internal sealed class RecognitionWorker
{
    private readonly Channel<Frame> _frames = Channel.CreateUnbounded<Frame>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly CancellationTokenSource _cancel = new();
    private readonly ISpeechToText _stt;
    private readonly RecognitionHints _hints;
    private readonly TimeProvider _time;
    private readonly Action<object> _post;

    public RecognitionWorker(int id, ISpeechToText stt, RecognitionHints hints, TimeProvider time, Action<object> post)
    {
        Id = id;
        _stt = stt;
        _hints = hints;
        _time = time;
        _post = post;
        _ = Task.Run(RunAsync);
    }

    /// <summary>The machine's recognition id.</summary>
    public int Id { get; }

    /// <summary>Queues a frame (copied into a pooled buffer); ignored once finalized or cancelled.</summary>
    public void Push(ReadOnlyMemory<short> frame)
    {
        var buffer = AudioBlockPool.Frames.RentAtLeast(frame.Length);
        frame.Span.CopyTo(buffer);
        if (!_frames.Writer.TryWrite(new Frame(buffer, frame.Length)))
        {
            AudioBlockPool.Frames.ReturnAny(buffer);
        }
    }

    /// <summary>No more audio: deliver the final.</summary>
    public void Complete() => _frames.Writer.TryComplete();

    /// <summary>Drop the recognition; nothing more is posted.</summary>
    public void Cancel()
    {
        _frames.Writer.TryComplete();
        _cancel.Cancel();
    }

    private async Task RunAsync()
    {
        var token = _cancel.Token;
        ISpeechRecognitionSession? session = null;
        try
        {
            session = await _stt.StartSessionAsync(_hints, token);
            var partials = ForwardPartialsAsync(session, token);
            await foreach (var frame in _frames.Reader.ReadAllAsync(token))
            {
                try
                {
                    await session.PushAsync(frame.Buffer.AsMemory(0, frame.Length), token);
                }
                finally
                {
                    AudioBlockPool.Frames.ReturnAny(frame.Buffer);
                }
            }

            var final = await session.CompleteAsync(token);
            await partials;
            _post(new TranscriptFinal(_time.GetUtcNow(), Id, final.Text));
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled by the machine: it ignores this recognition from now on.
        }
#pragma warning disable CA1031 // A failing recognizer must cost the caller one turn, not the call.
        catch (Exception e)
#pragma warning restore CA1031
        {
            _post(new ErrorRecord(_time.GetUtcNow(), "stt", e.Message));
            _post(new TranscriptFinal(_time.GetUtcNow(), Id, string.Empty));
        }
        finally
        {
            while (_frames.Reader.TryRead(out var left))
            {
                AudioBlockPool.Frames.ReturnAny(left.Buffer);
            }

            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }

    private async Task ForwardPartialsAsync(ISpeechRecognitionSession session, CancellationToken token)
    {
        try
        {
            await foreach (var partial in session.ReadPartialsAsync(token))
            {
                _post(new TranscriptPartial(_time.GetUtcNow(), Id, partial.Text));
            }
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Cancelled with the recognition.
        }
    }

    private readonly record struct Frame(short[] Buffer, int Length);
}
