namespace CallCluster.Sip.Rtp;

/// <summary>
/// Per-source reception statistics of RFC 3550 Appendix A: sequence validation with probation and wrap-around
/// (A.1), cumulative and interval loss (A.3) and interarrival jitter (A.8), in the source's RTP clock units.
/// </summary>
public sealed class RtpReceiverStatistics
{
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int MinSequential = 2;
    private const uint SequenceModulo = 1 << 16;

    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private uint _badSequence = SequenceModulo + 1;
    private int _probation = MinSequential;
    private uint _received;
    private uint _expectedPrior;
    private uint _receivedPrior;
    private long _lastTransit;
    private bool _hasTransit;
    private double _jitter;

    public RtpReceiverStatistics(ushort firstSequence)
    {
        Initialize(firstSequence);
        _maxSequence = (ushort)(firstSequence - 1);
    }

    /// <summary>Highest sequence number seen, extended with the count of wrap-arounds in the upper 16 bits.</summary>
    public uint ExtendedHighestSequence => _cycles + _maxSequence;

    public uint Received => _received;

    /// <summary>Packets expected minus received since the start, clamped to the 24-bit signed field of a report block.</summary>
    public int CumulativeLost
    {
        get
        {
            var expected = (long)ExtendedHighestSequence - _baseSequence + 1;
            return (int)Math.Clamp(expected - _received, -0x800000, 0x7FFFFF);
        }
    }

    /// <summary>Interarrival jitter estimate in RTP timestamp units (the report block's value).</summary>
    public uint Jitter => (uint)_jitter;

    /// <summary>
    /// Accounts for one packet. <paramref name="arrival"/> is the arrival time in the same units as the RTP timestamp.
    /// Returns false when the packet is not (yet) counted: a source on probation or a big jump.
    /// </summary>
    public bool Update(ushort sequence, uint rtpTimestamp, uint arrival)
    {
        if (!UpdateSequence(sequence))
        {
            return false;
        }

        // A.8: J += (|D(i-1,i)| - J) / 16, with D from relative transit times.
        var transit = (long)arrival - rtpTimestamp;
        if (_hasTransit)
        {
            var d = Math.Abs(transit - _lastTransit);
            _jitter += (d - _jitter) / 16.0;
        }

        _lastTransit = transit;
        _hasTransit = true;
        return true;
    }

    /// <summary>The loss fraction since the previous call (A.3), as the 8-bit fixed-point value of a report block.</summary>
    public byte TakeFractionLost()
    {
        var expected = ExtendedHighestSequence - _baseSequence + 1;
        var expectedInterval = expected - _expectedPrior;
        _expectedPrior = expected;
        var receivedInterval = _received - _receivedPrior;
        _receivedPrior = _received;
        var lostInterval = (long)expectedInterval - receivedInterval;
        return expectedInterval == 0 || lostInterval <= 0 ? (byte)0 : (byte)((lostInterval << 8) / expectedInterval);
    }

    /// <summary>A report block for this source (RFC 3550 §6.4.1); takes the interval loss fraction.</summary>
    public RtcpReportBlock CreateReportBlock(uint ssrc, uint lastSenderReport, uint delaySinceLastSenderReport) =>
        new(ssrc, TakeFractionLost(), CumulativeLost, ExtendedHighestSequence, Jitter, lastSenderReport, delaySinceLastSenderReport);

    private void Initialize(ushort sequence)
    {
        _baseSequence = sequence;
        _maxSequence = sequence;
        _badSequence = SequenceModulo + 1;
        _cycles = 0;
        _received = 0;
        _receivedPrior = 0;
        _expectedPrior = 0;
    }

    private bool UpdateSequence(ushort sequence)
    {
        var delta = (ushort)(sequence - _maxSequence);
        if (_probation > 0)
        {
            // A source is valid after MinSequential packets in sequence.
            if (sequence == (ushort)(_maxSequence + 1))
            {
                _probation--;
                _maxSequence = sequence;
                if (_probation == 0)
                {
                    Initialize(sequence);
                    _received++;
                    return true;
                }
            }
            else
            {
                _probation = MinSequential - 1;
                _maxSequence = sequence;
            }

            return false;
        }

        if (delta < MaxDropout)
        {
            if (sequence < _maxSequence)
            {
                _cycles += SequenceModulo;
            }

            _maxSequence = sequence;
        }
        else if (delta <= SequenceModulo - MaxMisorder)
        {
            // A very large jump: accept only if the next packet follows it (the source restarted).
            if (sequence == _badSequence)
            {
                Initialize(sequence);
            }
            else
            {
                _badSequence = (uint)((sequence + 1) & (SequenceModulo - 1));
                return false;
            }
        }

        // Otherwise a duplicate or reordered packet: counted, but the maximum stays.
        _received++;
        return true;
    }
}
