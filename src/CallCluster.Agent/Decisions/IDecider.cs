namespace CallCluster.Agent.Decisions;

/// <summary>The decision step: picks which of the node's routes fires for what the caller said or typed.</summary>
public interface IDecider
{
    ValueTask<Decision> DecideAsync(DecisionRequest request, CancellationToken cancellationToken);
}
