using System.ComponentModel.DataAnnotations;

namespace CallCluster.Edge;

/// <summary>How an edge connects calls to their handlers.</summary>
public sealed class EdgeOptions
{
    /// <summary>
    /// Caller frames that may wait for a slow handler before new ones are dropped. Default 50 (1 s): enough to ride
    /// out a GC pause or a network hiccup to the silo; beyond that, delivering stale audio late would hurt the
    /// conversation more than a gap does, and an unbounded queue would grow without limit behind a stuck handler.
    /// </summary>
    [Range(1, 3000)]
    public int MaxPendingCallerFrames { get; set; } = 50;

    /// <summary>
    /// Listen for in-band DTMF tones in the caller's audio on lines without digit events (no RFC 4733 telephone-event,
    /// no provider dtmf messages) and report them like any other digit. Default true: callers on such trunks still
    /// expect their key presses to work; the detector costs a little CPU on those calls only.
    /// </summary>
    public bool DetectInBandDigits { get; set; } = true;

    /// <summary>
    /// Frames of a bridged peer's audio that may wait on a call's line before new ones are dropped. Default 5 (100 ms):
    /// both calls run on the one playout clock, so the queue only grows when a line delivers in bursts (a WebSocket
    /// stream); capping it keeps the mouth-to-ear delay between the two parties from creeping up.
    /// </summary>
    [Range(1, 500)]
    public int MaxBridgeQueuedFrames { get; set; } = 5;

    /// <summary>
    /// How long a handler may take to accept a call before the edge gives up and hangs up. Default 5 s: activating a
    /// call grain on a cold silo takes well under a second, and a caller hears only silence meanwhile.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:05:00")]
    public TimeSpan AcceptTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
