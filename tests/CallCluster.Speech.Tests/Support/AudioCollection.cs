namespace CallCluster.Speech.Tests.Support;

/// <summary>
/// Tests that use the real engines run one at a time: espeak-ng is one synthesiser per process whose output depends a
/// little on what it said before, so interleaving classes would make the recognition measurements vary run to run.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class AudioCollection : ICollectionFixture<SpeechEngines>
{
    public const string Name = "Audio engines";
}
