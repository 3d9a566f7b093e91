namespace CallCluster.Media.Codecs.G711;

/// <summary>The two G.711 companding laws: µ-law (PCMU, North America/Japan) and A-law (PCMA, elsewhere).</summary>
public enum G711Law
{
    MuLaw,
    ALaw,
}
