using CallCluster.Media.Jitter;

namespace CallCluster.Edge.Rtp;

/// <summary>
/// Cuts G.711 payloads of another packet time (10, 30, 40 ms: 80, 240, 320 bytes, one byte per 8 kHz sample) into the
/// 20 ms, 160-byte payloads the jitter buffer and decoders work in, numbering them in a sequence of their own.
/// Trunks that ignore our a=ptime:20 exist (SIPp's own g711a.pcap is 30 ms). A gap in the timestamps drops the partial
/// frame and skips the missing frames' numbers, so the jitter buffer conceals them; a packet older than the one
/// before it is dropped (reordering in this mode is rare enough to cost a frame rather than a buffer).
/// </summary>
internal sealed class G711Repacketizer
{
    public const int FrameBytes = 160;

    private readonly byte[] _pending = new byte[FrameBytes];
    private int _count;
    private ushort _sequence;
    private uint _timestamp;
    private bool _started;

    /// <summary>Forgets the stream (a new SSRC).</summary>
    public void Reset() => _started = false;

    public void Push(JitterBuffer jitter, uint ssrc, uint timestamp, ReadOnlySpan<byte> payload)
    {
        var expected = _timestamp + (uint)_count;
        if (!_started)
        {
            _started = true;
            _count = 0;
            _timestamp = timestamp;
        }
        else if (timestamp != expected)
        {
            var ahead = (int)(timestamp - expected);
            if (ahead < 0)
            {
                return;
            }

            _sequence += (ushort)(((uint)_count + (uint)ahead) / FrameBytes);
            _count = 0;
            _timestamp = timestamp;
        }

        while (!payload.IsEmpty)
        {
            var take = Math.Min(FrameBytes - _count, payload.Length);
            payload[..take].CopyTo(_pending.AsSpan(_count));
            _count += take;
            payload = payload[take..];
            if (_count == FrameBytes)
            {
                jitter.Push(ssrc, _sequence++, _timestamp, _pending);
                _timestamp += FrameBytes;
                _count = 0;
            }
        }
    }
}
