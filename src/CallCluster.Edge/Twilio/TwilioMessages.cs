using System.Text.Json.Serialization;

namespace CallCluster.Edge.Twilio;

// The Twilio Media Streams wire messages (https://www.twilio.com/docs/voice/media-streams/websocket-messages).
// Small records that only mirror the protocol share this file. Inbound `media` is parsed without these types
// (see TwilioInboundParser): it arrives 50 times a second per call and must not allocate.

/// <summary>Any message Twilio sends; which member is set depends on <see cref="Event"/>.</summary>
internal sealed record TwilioInboundMessage(
    string Event,
    string? StreamSid,
    string? SequenceNumber,
    string? Protocol,
    TwilioStart? Start,
    TwilioStop? Stop,
    TwilioMarkBody? Mark,
    TwilioDtmf? Dtmf);

/// <summary>The <c>start</c> message's body: who the call is and how its audio is encoded.</summary>
internal sealed record TwilioStart(
    string? AccountSid,
    string? CallSid,
    string? StreamSid,
    IReadOnlyList<string>? Tracks,
    IReadOnlyDictionary<string, string>? CustomParameters,
    TwilioMediaFormat? MediaFormat);

/// <summary>The stream's audio format; bidirectional streams are always µ-law, 8 kHz, mono.</summary>
internal sealed record TwilioMediaFormat(string? Encoding, int SampleRate, int Channels);

/// <summary>The <c>stop</c> message's body.</summary>
internal sealed record TwilioStop(string? AccountSid, string? CallSid);

/// <summary>A mark's name, inbound (Twilio's echo) and outbound alike.</summary>
internal sealed record TwilioMarkBody(string Name);

/// <summary>The <c>dtmf</c> message's body.</summary>
internal sealed record TwilioDtmf(string? Track, string? Digit);

/// <summary>An outbound <c>mark</c>: Twilio echoes it once the audio sent before it has played.</summary>
internal sealed record TwilioOutboundMark(string StreamSid, TwilioMarkBody Mark)
{
    public string Event => "mark";
}

/// <summary>An outbound <c>clear</c>: Twilio drops the audio it buffers and echoes the marks still pending.</summary>
internal sealed record TwilioOutboundClear(string StreamSid)
{
    public string Event => "clear";
}
