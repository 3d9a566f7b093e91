using CallCluster.Edge.Calls;

namespace CallCluster.Load.Calls.Loopback;

/// <summary>
/// One end of an in-memory line: the paced frames of its own call become the far call's incoming audio, like an RTP
/// leg with no network in between (marks count as played when sent, as on RTP).
/// </summary>
internal sealed class LoopbackLine : ICallTransport
{
    public EdgeCall? Own { get; set; }

    public EdgeCall? Far { get; set; }

    public void SendFrame(ReadOnlySpan<short> frame, bool comfortSilence) => Far?.PostCallerAudio(frame);

    public void OnMarkReached(string name) => Own?.ReportMarkPlayed(name);

    public void OnPlayoutCleared()
    {
        // Nothing is buffered past the playout buffer that the EdgeCall already cleared.
    }

    public ValueTask HangUpAsync(CancellationToken cancellationToken)
    {
        // A hang-up on one end reaches the other as the far end's BYE.
        Far?.End(new CallEnd(CallEndedBy.Caller, "bye"));
        return ValueTask.CompletedTask;
    }

    public ValueTask TransferAsync(TransferRequest request, CancellationToken cancellationToken) =>
        throw new NotSupportedException("A loopback line has no one to transfer to.");
}
