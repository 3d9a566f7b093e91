using System.Collections.Concurrent;
using CallCluster.Edge.Rtp;

namespace CallCluster.Edge.Tests.Rtp;

/// <summary>Keeps what an <see cref="RtpSession"/> reports, with awaitable first digit and inactivity.</summary>
internal sealed class CollectingListener : IRtpSessionListener
{
    private readonly TaskCompletionSource<char> _digit = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _inactive = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<short[]> Frames { get; } = new();

    public Task<char> FirstDigit => _digit.Task;

    public Task Inactive => _inactive.Task;

    public int InactiveReports { get; private set; }

    public void OnCallerFrame(ReadOnlySpan<short> frame) => Frames.Enqueue(frame.ToArray());

    public void OnDigit(char digit) => _digit.TrySetResult(digit);

    public void OnInactive()
    {
        InactiveReports++;
        _inactive.TrySetResult();
    }
}
