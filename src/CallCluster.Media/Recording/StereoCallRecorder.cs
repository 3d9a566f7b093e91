using CallCluster.Media.Codecs;
using CallCluster.Media.Frames;

namespace CallCluster.Media.Recording;

/// <summary>
/// Records a call as 16 kHz stereo WAV, caller left and agent right, on one 20 ms timeline. Each frame comes with
/// its offset from the start of the call on the shared media clock (when it was received, or when it was played
/// out: not when TTS produced it). Frames land in their 20 ms slot; a slot with no frame on one side is silence.
/// A slot is written once both sides have moved past it, or once it is <see cref="MaxSkew"/> behind the newest
/// frame (a silent or stalled side must not hold the recording back). Frames for slots already written are counted
/// in <see cref="LateFrames"/> and dropped. Preallocated ring: no allocation per frame. Not thread-safe.
/// </summary>
public sealed class StereoCallRecorder : IDisposable
{
    /// <summary>How far one side may lag the other before its slots are written as silence: 1 s.</summary>
    public static readonly TimeSpan MaxSkew = TimeSpan.FromSeconds(1);

    private const int Slots = 64;
    private const int SkewSlots = 50;

    private readonly WavWriter writer;
    private readonly short[] caller = new short[Slots * AudioFormat.SamplesPerFrame];
    private readonly short[] agent = new short[Slots * AudioFormat.SamplesPerFrame];
    private readonly long[] callerSlot = new long[Slots];
    private readonly long[] agentSlot = new long[Slots];
    private readonly short[] interleaved = new short[AudioFormat.SamplesPerFrame * 2];
    private long nextToWrite;
    private long newestCaller = -1;
    private long newestAgent = -1;

    public StereoCallRecorder(WavWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        if (writer.SampleRate != AudioFormat.SampleRate || writer.Channels != 2)
        {
            throw new ArgumentException($"The recording must be {AudioFormat.SampleRate} Hz stereo (got {writer.SampleRate} Hz, {writer.Channels} channels).", nameof(writer));
        }

        this.writer = writer;
        Array.Fill(callerSlot, -1);
        Array.Fill(agentSlot, -1);
    }

    /// <summary>Frames dropped because their slot had already been written.</summary>
    public long LateFrames { get; private set; }

    /// <summary>Recording length so far.</summary>
    public TimeSpan Duration => writer.Duration;

    /// <summary>Creates a recorder writing to a new file at <paramref name="path"/>.</summary>
    public static StereoCallRecorder Create(string path) => new(WavWriter.Create(path, AudioFormat.SampleRate, 2));

    /// <summary>Adds one 20 ms frame of one side at <paramref name="offset"/> from the start of the call.</summary>
    public void Write(CallSide side, ReadOnlySpan<short> frame, TimeSpan offset)
    {
        FrameChecks.RequireFrame(frame);
        ArgumentOutOfRangeException.ThrowIfLessThan(offset, TimeSpan.Zero);
        var slot = (long)(offset.TotalMilliseconds / AudioFormat.FrameMilliseconds);
        if (slot < nextToWrite)
        {
            LateFrames++;
            return;
        }

        // Slots more than the skew behind this frame are final; writing them also keeps the ring from wrapping.
        WriteUpTo(slot - SkewSlots);
        var index = (int)(slot % Slots);
        var (samples, slots) = side == CallSide.Caller ? (caller, callerSlot) : (agent, agentSlot);
        frame.CopyTo(samples.AsSpan(index * AudioFormat.SamplesPerFrame, AudioFormat.SamplesPerFrame));
        slots[index] = slot;
        if (side == CallSide.Caller)
        {
            newestCaller = Math.Max(newestCaller, slot);
        }
        else
        {
            newestAgent = Math.Max(newestAgent, slot);
        }

        // Slots both sides have passed are complete.
        WriteUpTo(Math.Min(newestCaller, newestAgent));
    }

    /// <summary>Writes every pending slot (silence where a side had nothing) and finishes the file.</summary>
    public void Dispose()
    {
        WriteUpTo(Math.Max(newestCaller, newestAgent) + 1);
        writer.Dispose();
    }

    /// <summary>Writes slots before <paramref name="end"/> (exclusive).</summary>
    private void WriteUpTo(long end)
    {
        for (; nextToWrite < end; nextToWrite++)
        {
            var index = (int)(nextToWrite % Slots);
            var offset = index * AudioFormat.SamplesPerFrame;
            var hasCaller = callerSlot[index] == nextToWrite;
            var hasAgent = agentSlot[index] == nextToWrite;
            for (var i = 0; i < AudioFormat.SamplesPerFrame; i++)
            {
                interleaved[2 * i] = hasCaller ? caller[offset + i] : (short)0;
                interleaved[(2 * i) + 1] = hasAgent ? agent[offset + i] : (short)0;
            }

            writer.Write(interleaved);
        }
    }
}
