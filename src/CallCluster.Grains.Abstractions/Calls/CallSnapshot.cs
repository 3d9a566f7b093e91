namespace CallCluster.Grains.Calls;

/// <summary>A point-in-time view of a call grain.</summary>
/// <param name="CallId">The call id (the grain key).</param>
/// <param name="Silo">The silo hosting the activation that answered.</param>
/// <param name="TurnState">The turn-taking state's name (Greeting, Listening, …, Ended).</param>
/// <param name="Node">The conversation graph node the call is in.</param>
/// <param name="Ended">True once the call finished and its evidence was written.</param>
/// <param name="Resumed">True when this activation resumed the call from a checkpoint after a failover.</param>
public sealed record CallSnapshot(string CallId, string Silo, string TurnState, string Node, bool Ended, bool Resumed);
