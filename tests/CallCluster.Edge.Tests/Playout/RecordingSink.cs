using CallCluster.Edge.Playout;
using CallCluster.Media.Frames;

namespace CallCluster.Edge.Tests.Playout;

/// <summary>Records what the scheduler hands a sink, in order: each frame's first sample (or "silence") and each mark.</summary>
internal sealed class RecordingSink : IPlayoutSink
{
    private readonly List<string> _events = [];

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

    public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence)
    {
        Assert.Equal(AudioFormat.SamplesPerFrame, frame.Length);
        lock (_events)
        {
            _events.Add(comfortSilence ? "silence" : $"frame {frame[0]}");
        }
    }

    public void OnMarkReached(string name)
    {
        lock (_events)
        {
            _events.Add($"mark {name}");
        }
    }
}
