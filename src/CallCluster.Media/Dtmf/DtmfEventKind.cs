namespace CallCluster.Media.Dtmf;

public enum DtmfEventKind
{
    /// <summary>A key went down (the first packet of an event that was seen).</summary>
    Started,

    /// <summary>The key came up; <see cref="DtmfEvent.Duration"/> is final.</summary>
    Ended,
}
