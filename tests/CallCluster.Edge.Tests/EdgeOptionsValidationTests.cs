using CallCluster.Edge.Playout;
using CallCluster.Edge.Responders;
using CallCluster.Edge.Twilio;
using Microsoft.Extensions.Options;

namespace CallCluster.Edge.Tests;

public sealed class EdgeOptionsValidationTests
{
    [Fact]
    public async Task A_bad_playout_setting_stops_the_host_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartServerAsync(playout: o => o.BufferCapacityFrames = 0));
        Assert.Contains(nameof(PlayoutOptions.BufferCapacityFrames), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_bad_twilio_setting_stops_the_host_naming_the_option()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(
            () => StartServerAsync(twilio: o => o.StartTimeout = TimeSpan.Zero));
        Assert.Contains(nameof(TwilioMediaStreamOptions.StartTimeout), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_defaults_are_valid()
    {
        var context = (object o) => new System.ComponentModel.DataAnnotations.ValidationContext(o);
        foreach (var options in new object[] { new EdgeOptions(), new PlayoutOptions(), new TwilioMediaStreamOptions() })
        {
            System.ComponentModel.DataAnnotations.Validator.ValidateObject(options, context(options), validateAllProperties: true);
        }
    }

    private static async Task StartServerAsync(Action<PlayoutOptions>? playout = null, Action<TwilioMediaStreamOptions>? twilio = null)
    {
        await using var server = await Twilio.TwilioEdgeServer.StartAsync(new EchoResponder(), twilio, configurePlayout: playout);
    }
}
