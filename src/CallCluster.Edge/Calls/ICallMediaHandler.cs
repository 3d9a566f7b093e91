namespace CallCluster.Edge.Calls;

/// <summary>
/// Answers calls that reach an edge: the call grain in production (behind a frame stream to its silo),
/// an <see cref="Responders.EchoResponder"/> or <see cref="Responders.ToneResponder"/> in tests and benchmarks.
/// </summary>
public interface ICallMediaHandler
{
    /// <summary>
    /// Called once per call, before any audio flows. The returned session then receives the call's events,
    /// one at a time and in order; <paramref name="channel"/> is how the handler talks back, from any thread.
    /// </summary>
    /// <exception cref="Exception">Any failure rejects the call: the edge hangs up and reports it.</exception>
    ValueTask<ICallMediaSession> AcceptCallAsync(CallStartInfo call, ICallMediaChannel channel, CancellationToken cancellationToken);
}
