namespace CallCluster.Runtime.Tests.Grains;

[GrainType("counter")]
public interface ICounterGrain : IGrainWithStringKey
{
    /// <summary>Adds one, persists, and returns the new value.</summary>
    Task<int> Increment();

    ValueTask<int> Get();

    /// <summary>Where this activation lives and who it is.</summary>
    Task<ActivationInfo> Where();

    /// <summary>Takes a little while and fails if another turn runs at the same time.</summary>
    Task<int> SlowAppend(int value);

    Task<IReadOnlyList<int>> Appended();

    /// <summary>Marks the grain busy (DelayDeactivation) until <see cref="Finish"/>.</summary>
    Task StartWork();

    Task Finish();

    Task<string> Echo(string text, byte[] bytes, long number, bool flag, Guid id, TimeSpan span, DateTimeOffset when, Color color, Sample sample);

    Task Throw(string message);

    /// <summary>A grain-to-grain call: increments another counter and returns its value and where it ran.</summary>
    Task<(int Value, string Silo)> IncrementOther(string key);

    /// <summary>Asks for deactivation once this turn ends.</summary>
    Task Retire();
}

public enum Color
{
    Red = 1,
    Blue = 2,
}

public sealed record Sample(string Name, IReadOnlyList<int> Values, Sample? Next);

public sealed record ActivationInfo(string Silo, string ActivationId, long Epoch);
