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

    /// <summary>Bytes of an encoded agent audio frame (kind byte + PCM).</summary>
    public const int AudioFrameBytes = 1 + (FrameSamples * sizeof(short));

    /// <summary>Bytes of an encoded caller audio frame (kind byte + input number + PCM).</summary>
    public const int CallerAudioFrameBytes = 1 + sizeof(long) + (FrameSamples * sizeof(short));

    private const int DtmfFrameBytes = 1 + sizeof(long) + sizeof(char);

    private const int InputAckFrameBytes = 1 + sizeof(long);

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

    /// <summary>Writes an agent audio frame into <paramref name="destination"/>; returns its length.</summary>
    public static int WriteAgentAudio(ReadOnlySpan<short> samples, Span<byte> destination)
    {
        destination[0] = (byte)CallStreamMessageKind.AgentAudio;
        WriteSamples(samples, destination.Slice(1, FrameSamples * sizeof(short)));
        return AudioFrameBytes;
    }

    /// <summary>Reads the samples of an agent audio frame into <paramref name="destination"/> (320 samples).</summary>
    public static void ReadAgentAudio(ReadOnlySpan<byte> frame, Span<short> destination)
    {
        if (frame.Length != AudioFrameBytes)
        {
            throw new InvalidDataException($"An agent audio frame is {AudioFrameBytes} bytes, not {frame.Length}.");
        }

        ReadSamples(frame[1..], destination);
    }

    /// <summary>Writes caller input <paramref name="number"/>, 20 ms of caller audio; returns the frame's length.</summary>
    public static int WriteCallerAudio(long number, ReadOnlySpan<short> samples, Span<byte> destination)
    {
        destination[0] = (byte)CallStreamMessageKind.CallerAudio;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], number);
        WriteSamples(samples, destination.Slice(1 + sizeof(long), FrameSamples * sizeof(short)));
        return CallerAudioFrameBytes;
    }

    /// <summary>Reads a caller audio frame's samples into <paramref name="destination"/> (320 samples); returns its input number.</summary>
    public static long ReadCallerAudio(ReadOnlySpan<byte> frame, Span<short> destination)
    {
        if (frame.Length != CallerAudioFrameBytes)
        {
            throw new InvalidDataException($"A caller audio frame is {CallerAudioFrameBytes} bytes, not {frame.Length}.");
        }

        ReadSamples(frame[(1 + sizeof(long))..], destination);
        return BinaryPrimitives.ReadInt64LittleEndian(frame[1..]);
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

    /// <summary>
    /// Writes a mark's outcome (<see cref="CallStreamMessageKind.MarkPlayed"/> or <see cref="CallStreamMessageKind.MarkCleared"/>):
    /// when the edge reached it on its clock, then the mark's name. The time lets the grain date the audio it marks by the
    /// edge's send, not by the report's arrival; returns the frame's length.
    /// </summary>
    public static int WriteMark(CallStreamMessageKind kind, string name, DateTimeOffset reachedAt, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (Encoding.UTF8.GetByteCount(name) > MaxTextBytes - sizeof(long))
        {
            throw new ArgumentException($"A mark name is at most {MaxTextBytes - sizeof(long)} UTF-8 bytes.", nameof(name));
        }

        destination[0] = (byte)kind;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], reachedAt.UtcTicks);
        return 1 + sizeof(long) + Encoding.UTF8.GetBytes(name, destination[(1 + sizeof(long))..]);
    }

    /// <summary>Reads a mark frame written by <see cref="WriteMark"/>: its name, and when the edge reached it.</summary>
    public static string ReadMark(ReadOnlySpan<byte> frame, out DateTimeOffset reachedAt)
    {
        if (frame.Length < 1 + sizeof(long))
        {
            throw new InvalidDataException($"A mark frame is at least {1 + sizeof(long)} bytes, got {frame.Length}.");
        }

        var ticks = BinaryPrimitives.ReadInt64LittleEndian(frame[1..]);
        if (ticks < DateTimeOffset.MinValue.UtcTicks || ticks > DateTimeOffset.MaxValue.UtcTicks)
        {
            throw new InvalidDataException($"A mark frame's time ({ticks} ticks) is out of range.");
        }

        reachedAt = new DateTimeOffset(ticks, TimeSpan.Zero);
        return Encoding.UTF8.GetString(frame[(1 + sizeof(long))..]);
    }

    /// <summary>The UTF-8 text body of a frame.</summary>
    public static string ReadText(ReadOnlySpan<byte> frame) => Encoding.UTF8.GetString(frame[1..]);

    /// <summary>Writes caller input <paramref name="number"/>, one DTMF key; returns the frame's length.</summary>
    public static int WriteDtmf(long number, char digit, Span<byte> destination)
    {
        destination[0] = (byte)CallStreamMessageKind.Dtmf;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], number);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[(1 + sizeof(long))..], digit);
        return DtmfFrameBytes;
    }

    /// <summary>The key of a DTMF frame and its input number.</summary>
    public static char ReadDtmf(ReadOnlySpan<byte> frame, out long number)
    {
        if (frame.Length != DtmfFrameBytes)
        {
            throw new InvalidDataException($"A DTMF frame is {DtmfFrameBytes} bytes, not {frame.Length}.");
        }

        number = BinaryPrimitives.ReadInt64LittleEndian(frame[1..]);
        return (char)BinaryPrimitives.ReadUInt16LittleEndian(frame[(1 + sizeof(long))..]);
    }

    /// <summary>Writes an acknowledgement of every caller input up to <paramref name="count"/>; returns the frame's length.</summary>
    public static int WriteInputAck(long count, Span<byte> destination)
    {
        destination[0] = (byte)CallStreamMessageKind.InputAck;
        BinaryPrimitives.WriteInt64LittleEndian(destination[1..], count);
        return InputAckFrameBytes;
    }

    /// <summary>The count an input acknowledgement covers.</summary>
    public static long ReadInputAck(ReadOnlySpan<byte> frame) => frame.Length == InputAckFrameBytes
        ? BinaryPrimitives.ReadInt64LittleEndian(frame[1..])
        : throw new InvalidDataException($"An input acknowledgement is {InputAckFrameBytes} bytes, not {frame.Length}.");

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

    private static void WriteSamples(ReadOnlySpan<short> samples, Span<byte> body)
    {
        if (samples.Length != FrameSamples)
        {
            throw new ArgumentException($"An audio frame is {FrameSamples} samples, not {samples.Length}.", nameof(samples));
        }

        for (var i = 0; i < samples.Length; i++)
        {
            BinaryPrimitives.WriteInt16LittleEndian(body[(i * 2)..], samples[i]);
        }
    }

    private static void ReadSamples(ReadOnlySpan<byte> body, Span<short> destination)
    {
        for (var i = 0; i < FrameSamples; i++)
        {
            destination[i] = BinaryPrimitives.ReadInt16LittleEndian(body[(i * 2)..]);
        }
    }
}
