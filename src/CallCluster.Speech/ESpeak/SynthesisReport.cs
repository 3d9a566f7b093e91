namespace CallCluster.Speech.ESpeak;

/// <summary>What one synthesis did, raised when it ends (normally, cancelled or failed).</summary>
public sealed class SynthesisReport : EventArgs
{
    public SynthesisReport(int characters, TimeSpan audioProduced, TimeSpan elapsed, TimeSpan? timeToFirstChunk, bool cancelled, Exception? error)
    {
        Characters = characters;
        AudioProduced = audioProduced;
        Elapsed = elapsed;
        TimeToFirstChunk = timeToFirstChunk;
        Cancelled = cancelled;
        Error = error;
    }

    /// <summary>Length of the text.</summary>
    public int Characters { get; }

    /// <summary>16 kHz audio handed to the consumer.</summary>
    public TimeSpan AudioProduced { get; }

    /// <summary>Wall time from the start of synthesis to its end.</summary>
    public TimeSpan Elapsed { get; }

    /// <summary>Wall time from the start of synthesis to the first chunk; null when none was produced.</summary>
    public TimeSpan? TimeToFirstChunk { get; }

    /// <summary>True when the caller cancelled before synthesis finished.</summary>
    public bool Cancelled { get; }

    /// <summary>The failure, if any.</summary>
    public Exception? Error { get; }

    /// <summary>Real-time factor: synthesis time over audio duration (below 1 is faster than real time).</summary>
    public double RealTimeFactor => AudioProduced > TimeSpan.Zero ? Elapsed / AudioProduced : double.NaN;
}
