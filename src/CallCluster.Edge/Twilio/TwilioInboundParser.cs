using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace CallCluster.Edge.Twilio;

/// <summary>
/// Reads Twilio's inbound <c>media</c> messages without allocating: a forward-only scan for the event name and the
/// base64 payload, decoded in place into the caller's buffer. Every other message goes through the source-generated
/// <see cref="TwilioJsonContext"/>, where an allocation per message does not matter.
/// </summary>
internal static class TwilioInboundParser
{
    /// <summary>
    /// If <paramref name="json"/> is a <c>media</c> message, decodes its payload (µ-law bytes) into
    /// <paramref name="payload"/> and returns true; returns false for any other event.
    /// </summary>
    /// <exception cref="JsonException">The message is not valid JSON, or a media message lacks a valid base64 payload.</exception>
    public static bool TryReadMedia(ReadOnlySpan<byte> json, Span<byte> payload, out int payloadLength)
    {
        payloadLength = -1;
        var isMedia = false;
        var inMedia = false;
        var reader = new Utf8JsonReader(json, new JsonReaderOptions { MaxDepth = 8 });
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == 1)
            {
                inMedia = false;
                continue;
            }

            if (reader.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (reader.CurrentDepth == 1 && reader.ValueTextEquals("event"u8))
            {
                reader.Read();
                if (reader.TokenType != JsonTokenType.String)
                {
                    throw new JsonException("\"event\" must be a string.");
                }

                if (!reader.ValueTextEquals("media"u8))
                {
                    return false;
                }

                isMedia = true;
            }
            else if (reader.CurrentDepth == 1 && reader.ValueTextEquals("media"u8))
            {
                inMedia = true;
            }
            else if (inMedia && reader.CurrentDepth == 2 && reader.ValueTextEquals("payload"u8))
            {
                reader.Read();
                payloadLength = DecodePayload(ref reader, payload);
            }
        }

        if (!isMedia)
        {
            return false;
        }

        if (payloadLength < 0)
        {
            throw new JsonException("A media message has no media.payload.");
        }

        return true;
    }

    private static int DecodePayload(ref Utf8JsonReader reader, Span<byte> payload)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new JsonException("media.payload must be a base64 string.");
        }

        var encodedLength = reader.HasValueSequence ? checked((int)reader.ValueSequence.Length) : reader.ValueSpan.Length;
        if (encodedLength > payload.Length)
        {
            throw new JsonException($"media.payload is {encodedLength} bytes of base64; at most {payload.Length} fit.");
        }

        // CopyString unescapes (a sender may write "\/" for "/"); base64 then decodes in place over its own text.
        var copied = reader.CopyString(payload);
        var status = Base64.DecodeFromUtf8InPlace(payload[..copied], out var decoded);
        if (status != OperationStatus.Done)
        {
            throw new JsonException($"media.payload is not valid base64 ({status}).");
        }

        return decoded;
    }
}
