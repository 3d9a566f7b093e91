using System.ComponentModel.DataAnnotations;

namespace CallCluster.Edge.Twilio;

/// <summary>How the edge serves Twilio Media Streams (bidirectional <c>&lt;Connect&gt;&lt;Stream&gt;</c>).</summary>
public sealed class TwilioMediaStreamOptions
{
    /// <summary>
    /// The TwiML <c>&lt;Parameter&gt;</c> that carries the caller's number (Twilio does not put it in the stream).
    /// Default "From", the name Twilio's own webhook uses, so TwiML can pass <c>{{From}}</c> straight through.
    /// </summary>
    [Required(AllowEmptyStrings = false)]
    public string CallerParameter { get; set; } = "From";

    /// <summary>The TwiML <c>&lt;Parameter&gt;</c> that carries the called number. Default "To", as Twilio's webhook names it.</summary>
    [Required(AllowEmptyStrings = false)]
    public string CalleeParameter { get; set; } = "To";

    /// <summary>
    /// Largest WebSocket message accepted. Default 64 KiB: a 20 ms media message is about 300 bytes and a start
    /// message with custom parameters a few KB; anything far larger is not Twilio and is refused before it costs memory.
    /// </summary>
    [Range(1024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>
    /// How long a new stream may take to send <c>start</c>. Default 10 s: Twilio sends it right after connecting;
    /// a client that does not is holding a socket for nothing.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:10:00")]
    public TimeSpan StartTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// Messages queued for sending before media frames are dropped. Default 250 (5 s of audio): rides out a slow
    /// network patch; a connection further behind than that is effectively gone, and unbounded growth would hide it.
    /// </summary>
    [Range(1, 100_000)]
    public int SendQueueCapacity { get; set; } = 250;
}
