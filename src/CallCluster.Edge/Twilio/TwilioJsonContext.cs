using System.Text.Json.Serialization;

namespace CallCluster.Edge.Twilio;

/// <summary>Source-generated (reflection-free, trimming-safe) JSON for the Twilio messages that are not <c>media</c>.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowReadingFromString)]
[JsonSerializable(typeof(TwilioInboundMessage))]
[JsonSerializable(typeof(TwilioOutboundMark))]
[JsonSerializable(typeof(TwilioOutboundClear))]
internal sealed partial class TwilioJsonContext : JsonSerializerContext;
