namespace CallCluster.Media.Codecs;

/// <summary>An RTP payload a decoder cannot use (wrong length for 20 ms, or corrupt); the decoder state is unchanged.</summary>
public sealed class InvalidAudioPayloadException : Exception
{
    public InvalidAudioPayloadException()
    {
    }

    public InvalidAudioPayloadException(string message)
        : base(message)
    {
    }

    public InvalidAudioPayloadException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
