namespace CallCluster.Agent.Engine;

/// <summary>One line of the call transcript: who (<c>caller</c>, <c>keypad</c>, <c>agent</c>), what, and when.</summary>
public sealed record TranscriptEntry(string Speaker, string Text, DateTimeOffset At);
