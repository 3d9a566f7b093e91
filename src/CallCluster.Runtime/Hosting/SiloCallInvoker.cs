using CallCluster.Runtime.Activation;
using CallCluster.Runtime.Invocation;

namespace CallCluster.Runtime.Hosting;

/// <summary>Grain-to-grain calls made on a silo: straight into its router, no socket when the target is local.</summary>
internal sealed class SiloCallInvoker(Func<MessageRouter> router, TimeSpan responseTimeout) : IGrainCallInvoker
{
    public async Task<byte[]> InvokeAsync(GrainId grainId, GrainInterface grainInterface, GrainMethod method, byte[] arguments)
    {
        var response = new TaskCompletionSource<CallResponse>(TaskCreationOptions.RunContinuationsAsynchronously);
        router().Route(new GrainCall(grainId, grainInterface.Id, method.Id, arguments, r => response.TrySetResult(r)));
        try
        {
            return (await response.Task.WaitAsync(responseTimeout)).ResultOrThrow();
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"The call {grainInterface.Type.Name}.{method.Method.Name} to {grainId} timed out after {responseTimeout}.", e);
        }
    }
}
