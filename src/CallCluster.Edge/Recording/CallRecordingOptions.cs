namespace CallCluster.Edge.Recording;

/// <summary>Whether and where the edge records calls (16 kHz stereo WAV, caller left, agent right).</summary>
public sealed class CallRecordingOptions
{
    /// <summary>
    /// Folder for one <c>{callId}.wav</c> per call; created if missing. Default null: recording off, because recording
    /// a call needs the caller's consent and a retention policy that only the deployment can decide.
    /// </summary>
    public string? Directory { get; set; }
}
