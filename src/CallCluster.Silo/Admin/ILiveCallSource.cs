namespace CallCluster.Silo.Admin;

/// <summary>Calls live on this node's lines (an edge's SIP calls), for the admin API's <c>/api/calls</c>.</summary>
public interface ILiveCallSource
{
    /// <summary>The line that carries the calls, e.g. "sip".</summary>
    string Line { get; }

    /// <summary>Call ids of calls whose media is up now.</summary>
    IReadOnlyList<string> LiveCallIds { get; }
}
