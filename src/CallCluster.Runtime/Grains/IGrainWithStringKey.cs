namespace CallCluster.Runtime;

/// <summary>
/// Marks a grain interface: a plain C# interface whose methods all return Task, Task&lt;T&gt;, ValueTask or
/// ValueTask&lt;T&gt;, addressed by a string key (Orleans' IGrainWithStringKey).
/// </summary>
#pragma warning disable CA1040 // A marker interface is Orleans' vocabulary: grain interfaces derive from it.
public interface IGrainWithStringKey
{
}
#pragma warning restore CA1040
