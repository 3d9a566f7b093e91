namespace CallCluster.Sip.Messages;

/// <summary>One header field value: a canonical name and its unfolded, trimmed value.</summary>
public readonly record struct SipHeader(string Name, string Value);
