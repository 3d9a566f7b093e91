using System.Buffers.Binary;
using System.Text;
using System.Text.Json;
using CallCluster.Grains.Calls;

namespace CallCluster.Grains.Streaming;

/// <summary>
/// Encodes and decodes the frames of a call's stream: one kind byte, then the body. Audio is written straight into
/// the caller's buffer, so a 20 ms frame costs no allocation on either side.
/// </summary>
public static class CallStreamCodec
{
    /// <summary>Samples in one 20 ms frame at 16 kHz.</summary>
    public const int FrameSamples = 320;

    /// <summary>Bytes of an encoded audio frame (kind byte + PCM).</summary>
    public const int AudioFrameBytes = 1 + (FrameSamples * sizeof(short));

    /// <summary>The longest text body (a mark name, a reason, a hello) a frame may carry.</summary>
    public const int MaxTextBytes = 1024;

    /// <summary>A buffer size that holds any frame of this protocol.</summary>
    public const int MaxFrameBytes = 1 + MaxTextBytes;

    /// <summary>The kind of an encoded frame; throws on an empty or unknown frame.</summary>
    public static CallStreamMessageKind KindOf(ReadOnlySpan<byte> frame)
    {
        if (frame.IsEmpty)
        {
            throw new InvalidDataException("An empty frame arrived on a call stream.");
        }

        var kind = (CallStreamMessageKind)frame[0];
        return Enum.IsDefined(kind) ? kind : throw new InvalidDataException($"Unknown call stream message kind {frame[0]}.");
    }

    /// <summary>Writes an audio frame of <paramref name="kind"/> into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteAudio(CallStreamMessageKind kind, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        if (kind is not (CallStreamMessageKind.CallerAudio or CallStreamMessageKind.AgentAudio))
        {
            throw new ArgumentException($"{kind} is not an audio message.", nameof(kind));
        }

        if (samples.Length != FrameSamples)
        {
            throw new ArgumentException($"An audio frame is {FrameSamples} samples, not {samples.Length}.", nameof(samples));
        }

        destination[0] = (byte)kind;
        var body = destination.Slice(1, FrameSamples * sizeof(short));
        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(body[(i * 2)..], samples[i]);
        }

        return AudioFrameBytes;
    }

    /// <summary>Reads the samples of an audio frame into <paramref name="destination"/> (320 samples).</summary>
    public static void ReadAudio(ReadOnlySpan<byte> frame, Span<short> destination)
    {
        if (frame.Length != AudioFrameBytes)
        {
            throw new InvalidDataException($"An audio frame is {AudioFrameBytes} bytes, not {frame.Length}.");
        }

        var body = frame[1..];
        for (var i = 0; i < FrameSamples; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]);
        }
    }

    /// <summary>Writes a frame whose body is UTF-8 text (a mark name, a reason); returns its length.</summary>
    public static int WriteText(CallStreamMessageKind kind, string text, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (Encoding.UTF8.GetByteCount(text) > MaxTextBytes)
        {
            throw new ArgumentException($"A {kind} body is at most {MaxTextBytes} UTF-8 bytes.", nameof(text));
        }

        destination[0] = (byte)kind;
        return 1 + Encoding.UTF8.GetBytes(text, destination[1..]);
    }

    /// <summary>The UTF-8 text body of a frame.</summary>
    public static string ReadText(ReadOnlySpan<byte> frame) => Encoding.UTF8.GetString(frame[1..]);

    /// <summary>Writes a DTMF frame.</summary>
    public static int WriteDtmf(char digit, Span<byte> destination)
    {
        destination[0] = (byte)CallStreamMessageKind.Dtmf;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[1..], digit);
        return 3;
    }

    /// <summary>The key of a DTMF frame.</summary>
    public static char ReadDtmf(ReadOnlySpan<byte> frame) => frame.Length == 3
        ? (char)BinaryPrimitives.ReadUInt16LittleEndian(frame[1..])
        : throw new InvalidDataException($"A DTMF frame is 3 bytes, not {frame.Length}.");

    /// <summary>Writes a frame with no body (<see cref="CallStreamMessageKind.ClearPlayout"/>).</summary>
    public static int WriteEmpty(CallStreamMessageKind kind, Span<byte> destination)
    {
        destination[0] = (byte)kind;
        return 1;
    }

    /// <summary>Writes the hello frame.</summary>
    public static int WriteHello(CallHello hello, Span<byte> destination) =>
        WriteText(CallStreamMessageKind.Hello, JsonSerializer.Serialize(hello), destination);

    /// <summary>Reads the hello frame.</summary>
    public static CallHello ReadHello(ReadOnlySpan<byte> frame) =>
        JsonSerializer.Deserialize<CallHello>(frame[1..]) ?? throw new InvalidDataException("The hello frame is empty.");
}
