using FsCheck;
using FsCheck.Fluent;
using CallCluster.Speech.ESpeak;

namespace CallCluster.Speech.Tests.ESpeak;

/// <summary>The replay cache's bookkeeping: least recently used goes first, never past its sample budget.</summary>
public sealed class SynthesisCacheTests
{
    [Fact]
    public void The_least_recently_used_text_is_dropped_to_make_room()
    {
        var cache = new SynthesisCache(capacitySamples: 10);
        cache.Add("a", new short[4]);
        cache.Add("b", new short[4]);
        Assert.True(cache.TryGet("a", out _));

        cache.Add("c", new short[4]);

        Assert.True(cache.TryGet("a", out _));
        Assert.False(cache.TryGet("b", out _));
        Assert.True(cache.TryGet("c", out _));
        Assert.Equal(8, cache.Samples);
    }

    [Fact]
    public void Audio_longer_than_the_whole_budget_is_not_kept_and_evicts_nothing()
    {
        var cache = new SynthesisCache(capacitySamples: 10);
        cache.Add("a", new short[4]);

        cache.Add("huge", new short[11]);

        Assert.False(cache.TryGet("huge", out _));
        Assert.True(cache.TryGet("a", out _));
    }

    [Fact]
    public void A_zero_budget_keeps_nothing()
    {
        var cache = new SynthesisCache(capacitySamples: 0);
        cache.Add("a", new short[1]);

        Assert.False(cache.TryGet("a", out _));
        Assert.Equal(0, cache.Samples);
    }

    [Fact]
    public void The_budget_holds_whatever_is_added()
    {
        Prop.ForAll<int[]>(lengths =>
        {
            var cache = new SynthesisCache(capacitySamples: 100);
            for (var i = 0; i < lengths.Length; i++)
            {
                cache.Add(i.ToString(System.Globalization.CultureInfo.InvariantCulture), new short[Math.Abs(lengths[i] % 150)]);
                if (cache.Samples > 100)
                {
                    return false;
                }
            }

            return true;
        }).QuickCheckThrowOnFailure();
    }
}
