using System.Text;
using System.Text.Json;
using CallCluster.Edge.Twilio;
using FsCheck;
using FsCheck.Fluent;

namespace CallCluster.Edge.Tests.Twilio;

public sealed class TwilioInboundParserTests
{
    [Fact]
    public void A_media_message_yields_its_decoded_payload()
    {
        var json = """{"event":"media","sequenceNumber":"3","media":{"track":"inbound","chunk":"1","timestamp":"5","payload":"AAEC/w=="},"streamSid":"MZ1"}"""u8;
        var payload = new byte[64];

        Assert.True(TwilioInboundParser.TryReadMedia(json, payload, out var length));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, payload[..length]);
    }

    [Fact]
    public void Escaped_characters_in_the_payload_are_unescaped_before_decoding()
    {
        var json = """{"streamSid":"MZ1","media":{"payload":"AAEC\/w=="},"event":"media"}"""u8;
        var payload = new byte[64];

        Assert.True(TwilioInboundParser.TryReadMedia(json, payload, out var length));
        Assert.Equal(new byte[] { 0, 1, 2, 255 }, payload[..length]);
    }

    [Theory]
    [InlineData("""{"event":"start","start":{"callSid":"CA1"}}""")]
    [InlineData("""{"event":"mark","mark":{"name":"media"}}""")]
    public void Other_events_are_left_to_the_general_deserializer(string json) =>
        Assert.False(TwilioInboundParser.TryReadMedia(Encoding.UTF8.GetBytes(json), new byte[64], out _));

    [Theory]
    [InlineData("""{"event":"media","media":{"payload":"not base64!"}}""", "not valid base64")]
    [InlineData("""{"event":"media","media":{}}""", "no media.payload")]
    [InlineData("""{"event":"media","media":{"payload":42}}""", "base64 string")]
    [InlineData("""{"event":"media","media":{"payload":"AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"}}""", "at most 64 fit")]
    [InlineData("""{"event":"media","media":{"payload":"AAEC""", "")]
    public void Malformed_media_messages_fail_with_the_reason(string json, string reason)
    {
        var error = Assert.ThrowsAny<JsonException>(() => TwilioInboundParser.TryReadMedia(Encoding.UTF8.GetBytes(json), new byte[64], out _));
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Any_payload_survives_the_round_trip() =>
        Prop.ForAll<byte[]>(bytes =>
        {
            var json = Encoding.UTF8.GetBytes($$$"""{"event":"media","streamSid":"MZ1","media":{"payload":"{{{Convert.ToBase64String(bytes)}}}"}}""");
            var payload = new byte[((bytes.Length + 2) / 3 * 4) + 4];
            return TwilioInboundParser.TryReadMedia(json, payload, out var length) && payload.AsSpan(0, length).SequenceEqual(bytes);
        }).QuickCheckThrowOnFailure();
}
