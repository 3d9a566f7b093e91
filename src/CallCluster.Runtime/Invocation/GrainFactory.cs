namespace CallCluster.Runtime.Invocation;

/// <summary>Creates references whose calls go to one invoker (a silo or a client).</summary>
internal sealed class GrainFactory(IGrainCallInvoker invoker) : IGrainFactory
{
    public TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        var grainInterface = GrainInterface.For(typeof(TGrainInterface));
        return GrainReference.Create<TGrainInterface>(new GrainId(grainInterface.GrainType, key), invoker);
    }
}
