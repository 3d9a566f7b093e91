using CallCluster.Edge.Sip;

namespace CallCluster.Edge.Tests.Sip;

public sealed class TransferTargetsTests
{
    private static readonly Dictionary<string, string> Configured = new(StringComparer.OrdinalIgnoreCase)
    {
        ["support"] = "sip:support@pbx.example.com",
        ["broken"] = "not a uri",
    };

    [Fact]
    public void A_queue_name_resolves_through_the_configuration_whatever_its_case()
    {
        var uri = TransferTargets.Resolve("Support", Configured);

        Assert.Equal("support", uri.User);
        Assert.Equal("pbx.example.com", uri.Host);
    }

    [Fact]
    public void A_target_that_is_already_a_uri_is_used_as_it_is()
    {
        var uri = TransferTargets.Resolve("sip:desk@10.0.0.7:5062", Configured);

        Assert.Equal("desk", uri.User);
        Assert.Equal(5062, uri.Port);
    }

    [Fact]
    public void An_unknown_queue_names_the_setting_to_add()
    {
        var error = Assert.Throws<TransferTargetException>(() => TransferTargets.Resolve("safety", Configured));

        Assert.Contains("Sip:TransferTargets:safety", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_configured_value_that_is_not_a_uri_names_the_setting()
    {
        var error = Assert.Throws<TransferTargetException>(() => TransferTargets.Resolve("broken", Configured));

        Assert.Contains("Sip:TransferTargets:broken", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sip:+15550100@pbx.example.com:5062", "sip:***@pbx.example.com")]
    [InlineData("sips:pbx.example.com", "sips:pbx.example.com")]
    [InlineData("support", "support")]
    [InlineData("+15550100", "+########")]
    public void A_target_is_logged_without_its_user_or_digits(string target, string logged) =>
        Assert.Equal(logged, TransferTargets.Redact(target));
}
