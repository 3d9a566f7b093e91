namespace CallCluster.Runtime.Invocation;

/// <summary>Where grain references send their calls: a silo's router or a cluster client.</summary>
internal interface IGrainCallInvoker
{
    /// <summary>Sends a call and returns the serialized result; a grain exception comes back as <see cref="GrainCallException"/>.</summary>
    Task<byte[]> InvokeAsync(GrainId grainId, GrainInterface grainInterface, GrainMethod method, byte[] arguments);
}
