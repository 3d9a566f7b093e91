using CallCluster.Edge.Calls;

namespace CallCluster.Edge.Tests.Calls;

/// <summary>A line that records what the edge does to it; marks count as played as soon as they are reached, like RTP.</summary>
internal sealed class FakeTransport : ICallTransport
{
    private readonly List<string> _events = [];
    private readonly List<short[]> _frames = [];

    public EdgeCall? Call { get; set; }

    public bool ConfirmMarks { get; init; } = true;

    public IReadOnlyList<string> Events
    {
        get
        {
            lock (_events)
            {
                return [.. _events];
            }
        }
    }

    /// <summary>When true the line sends a talk spurt's first frame at once (like RTP) when offered; else it declines.</summary>
    public bool SendsEarly { get; init; }

    /// <summary>When true the line takes digits out of band (like RFC 4733); else the call must play them in-band.</summary>
    public bool SendsDigitsOutOfBand { get; init; }

    /// <summary>Every frame the playout clock sent, in full (silence included).</summary>
    public IReadOnlyList<short[]> SentFrames
    {
        get
        {
            lock (_events)
            {
                return [.. _frames];
            }
        }
    }

    public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
    {
        lock (_events)
        {
            _frames.Add(frame.ToArray());
        }

        Add(comfortSilence ? "silence" : $"frame {frame[0]}");
    }

    public bool TrySendNow(ReadOnlySpan<short> frame)
    {
        if (SendsEarly)
        {
            Add($"now {frame[0]}");
        }

        return SendsEarly;
    }

    public bool TrySendDigits(string digits)
    {
        if (SendsDigitsOutOfBand)
        {
            Add($"digits {digits}");
        }

        return SendsDigitsOutOfBand;
    }

    public void OnMarkReached(string name)
    {
        Add($"mark {name}");
        if (ConfirmMarks)
        {
            Call!.ReportMarkPlayed(name);
        }
    }

    public void OnPlayoutCleared() => Add("clear");

    public ValueTask HangUpAsync(CancellationToken cancellationToken)
    {
        Add("hangup");
        return ValueTask.CompletedTask;
    }

    public ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken)
    {
        Add($"transfer blind={request.Blind}");
        return ValueTask.CompletedTask;
    }

    private void Add(string entry)
    {
        lock (_events)
        {
            _events.Add(entry);
        }
    }
}
