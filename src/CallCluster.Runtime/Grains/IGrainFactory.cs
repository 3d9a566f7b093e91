namespace CallCluster.Runtime;

/// <summary>Creates grain references. A reference is cheap, needs no network call, and is valid forever.</summary>
public interface IGrainFactory
{
    TGrainInterface GetGrain<TGrainInterface>(string key)
        where TGrainInterface : IGrainWithStringKey;
}
