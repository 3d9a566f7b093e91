using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Runtime.Tests;

public sealed class IdentityTests
{
    [Fact]
    public void SiloAddress_round_trips_through_its_text_form()
    {
        Prop.ForAll<NonEmptyString, PositiveInt, long>(
                (host, port, generation) =>
                {
                    var address = new SiloAddress(host.Get, port.Get, generation);
                    return SiloAddress.Parse(address.ToString()) == address;
                })
            .QuickCheckThrowOnFailure();
    }

    [Fact]
    public void GrainId_keeps_slashes_inside_the_key()
    {
        var id = GrainId.Parse("call/sip/abc@10.0.0.1");
        Assert.Equal(new GrainId("call", "sip/abc@10.0.0.1"), id);
        Assert.Equal("call/sip/abc@10.0.0.1", id.ToString());
    }

    [Theory]
    [InlineData("")]
    [InlineData("nokey/")]
    [InlineData("/notype")]
    [InlineData("noslash")]
    public void GrainId_rejects_text_without_type_and_key(string text)
    {
        Assert.Throws<FormatException>(() => GrainId.Parse(text));
    }
}
