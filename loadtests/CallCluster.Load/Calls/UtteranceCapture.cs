using System.Threading.Channels;
using CallCluster.Load.Calls.Reporting;
using CallCluster.Media.Frames;
using AudioFormat = CallCluster.Media.Frames.AudioFormat;
using CallCluster.Speech.Abstractions;

namespace CallCluster.Load.Calls;

/// <summary>
/// One agent utterance being recognised while it is heard: frames go to a streaming recognition session on a
/// background task (opening a session may wait for a free decoder, which must not hold up the caller's listening).
/// </summary>
internal sealed class UtteranceCapture
{
    private readonly Channel<short[]> _frames = Channel.CreateUnbounded<short[]>(new UnboundedChannelOptions { SingleReader = true, SingleWriter = true });
    private readonly Task<Transcript> _recognition;

    public UtteranceCapture(ISpeechToText speechToText, RecognitionHints hints, CallExchange? owner, TimeSpan startedAt)
    {
        Owner = owner;
        StartedAt = startedAt;
        LastVoice = startedAt;
        _recognition = RecognizeAsync(speechToText, hints);
    }

    /// <summary>The exchange this utterance may answer; null for speech no turn was waiting for.</summary>
    public CallExchange? Owner { get; }

    public TimeSpan StartedAt { get; }

    public TimeSpan LastVoice { get; private set; }

    /// <summary>The caller barged in while the agent was saying this.</summary>
    public bool Interrupted { get; set; }

    public bool IsOpen { get; private set; } = true;

    /// <summary>Queues a copy of <paramref name="frame"/> for the recogniser.</summary>
    public void Push(ReadOnlySpan<short> frame)
    {
        var copy = AudioBlockPool.Frames.Rent();
        frame.CopyTo(copy);
        if (!_frames.Writer.TryWrite(copy))
        {
            AudioBlockPool.Frames.Return(copy);
        }
    }

    /// <summary>No more audio: the agent's turn ended (its last speech at <paramref name="lastVoice"/>) or the call did.</summary>
    public void Close(TimeSpan lastVoice)
    {
        if (!IsOpen)
        {
            return;
        }

        IsOpen = false;
        LastVoice = lastVoice < StartedAt ? StartedAt : lastVoice;
        _frames.Writer.TryComplete();
    }

    /// <summary>The utterance as heard, once the recogniser has finished; its failure lands in <paramref name="errors"/>.</summary>
    public async Task<AgentUtterance> ResultAsync(TimeSpan timeout, ICollection<string> errors)
    {
        string text = string.Empty;
        double? confidence = null;
        try
        {
            var transcript = await _recognition.WaitAsync(timeout);
            text = transcript.Text;
            confidence = transcript.Confidence;
        }
        catch (Exception e) when (e is SpeechProviderException or TimeoutException or InvalidOperationException)
        {
            errors.Add($"recognising the agent at {StartedAt.TotalSeconds:0.00} s failed: {e.Message}");
        }

        return new AgentUtterance(text, confidence, StartedAt, LastVoice - StartedAt, Interrupted);
    }

    private async Task<Transcript> RecognizeAsync(ISpeechToText speechToText, RecognitionHints hints)
    {
        ISpeechRecognitionSession? session = null;
        try
        {
            session = await speechToText.StartSessionAsync(hints);
            await foreach (var frame in _frames.Reader.ReadAllAsync())
            {
                try
                {
                    await session.PushAsync(frame.AsMemory(0, AudioFormat.SamplesPerFrame));
                }
                finally
                {
                    AudioBlockPool.Frames.Return(frame);
                }
            }

            return await session.CompleteAsync();
        }
        finally
        {
            // On failure stop accepting audio and give back what is queued; the caller keeps listening regardless.
            _frames.Writer.TryComplete();
            while (_frames.Reader.TryRead(out var frame))
            {
                AudioBlockPool.Frames.Return(frame);
            }

            if (session is not null)
            {
                await session.DisposeAsync();
            }
        }
    }
}
