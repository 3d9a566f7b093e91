namespace CallCluster.Runtime.Tests.Cluster.Grains;

/// <summary>Holds <see cref="IStaleWriterGrain.HoldThenWrite"/> turns until the test opens it.</summary>
public sealed class WriteGate
{
    private readonly TaskCompletionSource _open = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task WaitAsync() => _open.Task;

    public void Open() => _open.TrySetResult();
}
