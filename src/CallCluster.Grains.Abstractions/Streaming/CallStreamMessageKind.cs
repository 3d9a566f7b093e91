namespace CallCluster.Grains.Streaming;

/// <summary>The first byte of every frame on a call's stream.</summary>
public enum CallStreamMessageKind : byte
{
    /// <summary>Edge → grain, first frame: a JSON <see cref="Calls.CallHello"/>.</summary>
    Hello = 1,

    /// <summary>
    /// Edge → grain: the caller input's number (64-bit, little endian), then 20 ms of caller audio, 320 samples of
    /// 16 kHz 16-bit PCM, little endian.
    /// </summary>
    CallerAudio = 2,

    /// <summary>Edge → grain: the caller input's number (64-bit, little endian), then one DTMF key (a UTF-16 code unit).</summary>
    Dtmf = 3,

    /// <summary>Edge → grain: the playout reached a mark the grain placed (UTF-8 name).</summary>
    MarkPlayed = 4,

    /// <summary>Edge → grain: a mark was dropped by a playout clear (UTF-8 name).</summary>
    MarkCleared = 5,

    /// <summary>Edge → grain: the caller (or the line) hung up (UTF-8 reason).</summary>
    CallerHungUp = 6,

    /// <summary>
    /// Edge → grain: how the transfer the grain asked for went (UTF-8 "Connected" or "Failed"), so the agent tells the
    /// caller when nobody could be reached instead of leaving them on a dead line.
    /// </summary>
    TransferResult = 8,

    /// <summary>Grain → edge: 20 ms of agent audio, same format as <see cref="CallerAudio"/>.</summary>
    AgentAudio = 10,

    /// <summary>Grain → edge: place a playout mark after the audio sent so far (UTF-8 name).</summary>
    Mark = 11,

    /// <summary>Grain → edge: drop every queued agent frame (barge-in).</summary>
    ClearPlayout = 12,

    /// <summary>Grain → edge: hang up the call (UTF-8 disposition).</summary>
    HangUp = 13,

    /// <summary>Grain → edge: hand the caller to this target (UTF-8 queue or URI).</summary>
    Transfer = 14,

    /// <summary>
    /// Grain → edge: a checkpoint covers every caller input up to this number (64-bit, little endian); the edge stops
    /// keeping them for a replay. A new activation sends it first, so the edge replays only what comes after.
    /// </summary>
    InputAck = 15,
}
