using System.Buffers;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using CallCluster.Media.Codecs;
using CallCluster.Media.Dtmf;
using CallCluster.Media.Frames;
using CallCluster.Media.Jitter;
using CallCluster.Sip.Rtp;
using CallCluster.Sip.Sdp;
using Microsoft.Extensions.Logging;

namespace CallCluster.Edge.Rtp;

/// <summary>
/// The media of one SIP call: an RTP/RTCP socket pair, the caller's stream through an adaptive jitter buffer and the
/// codec's decoder to 16 kHz frames, RFC 4733 digits both ways, and the agent's paced frames encoded out.
/// <para>
/// It owns no clock: the edge's one playout scheduler moves both directions by one frame every 20 ms, in two steps:
/// <see cref="Prepare"/> ahead of the tick on a preparing thread (encode and packetise the agent's frame, take one frame
/// out of the jitter buffer and decode it), then <see cref="SendPrepared"/> at the due time on the pacing thread (only
/// the <c>sendto</c>). So thousands of calls share one wake-up, the codec work never delays a send, and the receive side
/// plays out on the same steady grid the send side is paced on. The first frame of a talk spurt need not wait for the
/// grid: <see cref="TrySendNow"/> sends it at once in place of the comfort silence prepared for the coming tick.
/// The receive loop only parses and stores packets.
/// Buffers are rented once per session; a packet costs no allocation either way.
/// </para>
/// </summary>
public sealed class RtpSession : IAsyncDisposable
{
    private const int MaxDatagram = 1500;
    private static readonly DateTimeOffset NtpEpoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly RtpSessionOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Socket _rtp;
    private readonly Socket _rtcp;
    private readonly object _gate = new();
    private readonly byte[] _receiveBuffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private readonly byte[] _rtcpReceiveBuffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private readonly byte[] _sendBuffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private readonly byte[] _payloadBuffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private readonly byte[] _rtcpSendBuffer = ArrayPool<byte>.Shared.Rent(MaxDatagram);
    private readonly short[] _callerFrame = new short[AudioFormat.SamplesPerFrame];
    private readonly CancellationTokenSource _stop = new();
    private readonly Action<DtmfEvent> _onTelephoneEvent;
    private readonly uint _ssrc = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private readonly string _canonicalName;
    private readonly long _epoch;
    private readonly int _ticksPerReport;

    private IRtpSessionListener? _listener;
    private Task _receiveLoop = Task.CompletedTask;
    private Task _rtcpLoop = Task.CompletedTask;
    private bool _disposed;

    // The negotiated media; replaced by a re-INVITE that changes codec, address or direction.
    private IAudioCodec? _codec;
    private IAudioEncoder? _encoder;
    private IAudioDecoder? _decoder;
    private JitterBuffer? _jitter;
    private TelephoneEventReceiver? _eventsIn;
    private TelephoneEventSender? _eventsOut;
    private int _payloadType = -1;
    private int _eventPayloadType = -1;
    private MediaDirection _direction = MediaDirection.Inactive;
    private IPEndPoint? _signalledRemote;
    private SocketAddress? _remoteRtp;
    private SocketAddress? _remoteRtcp;
    private bool _latched;

    // Built by Prepare for the next SendPrepared; the scheduler runs the two in turn, never at once.
    private int _preparedLength;
    private SocketAddress? _preparedRemote;
    private int _preparedRtcpLength;
    private SocketAddress? _preparedRtcpRemote;

    // The prepared packet's place in the stream, while it is comfort silence that a talk spurt's first frame may take.
    private bool _preparedSilence;
    private ushort _preparedSequence;
    private uint _preparedTimestamp;
    private int _preparedPayloadLength;

    // Outbound stream, advanced only by Prepare.
    private ushort _sequence = (ushort)RandomNumberGenerator.GetInt32(ushort.MaxValue);
    private uint _timestamp = (uint)RandomNumberGenerator.GetInt32(int.MaxValue);
    private bool _sentAny;
    private bool _talking;
    private long _octetsSent;
    private bool _sentSinceReport;

    // Inbound stream.
    private bool _hasRemoteSource;
    private readonly G711Repacketizer _repacketizer = new();
    private bool _repacketize;
    private uint _remoteSsrc;
    private RtpReceiverStatistics? _receiverStatistics;
    private long _lastReceived;
    private bool _inactiveReported;
    private char _pendingDigit;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;
    private int _ticksSinceReport;

    private long _packetsReceived;
    private long _packetsSent;
    private long _sendsDropped;
    private long _invalidPackets;
    private long _ssrcChanges;
    private long _rtcpSent;
    private long _rtcpReceived;

    private RtpSession(RtpSessionOptions options, Socket rtp, Socket rtcp, TimeProvider time, ILogger logger)
    {
        _options = options;
        _rtp = rtp;
        _rtcp = rtcp;
        _time = time;
        _logger = logger;
        _epoch = time.GetTimestamp();
        _lastReceived = _epoch;
        _onTelephoneEvent = OnTelephoneEvent;
        _canonicalName = $"callcluster-{_ssrc:x8}";
        _ticksPerReport = Math.Max(1, (int)(options.RtcpInterval / AudioFormat.FrameDuration));
        foreach (var socket in new[] { rtp, rtcp })
        {
            socket.Blocking = false;
            socket.ReceiveBufferSize = options.SocketBufferBytes;
            socket.SendBufferSize = options.SocketBufferBytes;
        }

        LocalEndPoint = (IPEndPoint)rtp.LocalEndPoint!;
    }

    /// <summary>Where the peer sends RTP; put its port in the SDP.</summary>
    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Where our RTP goes now (after symmetric latching), or null while there is nowhere to send.</summary>
    public IPEndPoint? RemoteEndPoint
    {
        get
        {
            lock (_gate)
            {
                return _remoteRtp is null ? null : (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(_remoteRtp);
            }
        }
    }

    /// <summary>The direction in force, from our side (sendonly: we send, the peer does not).</summary>
    public MediaDirection Direction
    {
        get
        {
            lock (_gate)
            {
                return _direction;
            }
        }
    }

    /// <summary>The codec in use, as its rtpmap names it, or null before <see cref="Configure"/>.</summary>
    public string? Codec
    {
        get
        {
            lock (_gate)
            {
                return _codec is null ? null : $"{_codec.Name}/{_codec.ClockRate}";
            }
        }
    }

    public RtpSessionStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                var jitter = _receiverStatistics is { } s && _codec is { } c ? TimeSpan.FromSeconds(s.Jitter / (double)c.ClockRate) : TimeSpan.Zero;
                return new RtpSessionStatistics(
                    _packetsReceived, _packetsSent, Interlocked.Read(ref _sendsDropped), _invalidPackets, _ssrcChanges,
                    _receiverStatistics?.CumulativeLost ?? 0, jitter, Interlocked.Read(ref _rtcpSent), Interlocked.Read(ref _rtcpReceived),
                    _jitter?.Statistics ?? default);
            }
        }
    }

    /// <summary>Binds a socket pair from <paramref name="ports"/> on <paramref name="address"/>.</summary>
    public static RtpSession Open(RtpSessionOptions options, RtpPortAllocator ports, IPAddress address, TimeProvider time, ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(ports);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        var (rtp, rtcp) = ports.Bind(address);
        return new RtpSession(options, rtp, rtcp, time, logger);
    }

    /// <summary>
    /// Applies an offer/answer outcome: the first call sets the codec up, a later one (re-INVITE) may change the codec
    /// (new encoder, decoder and jitter buffer), the peer's address, or the direction (hold and unhold).
    /// </summary>
    /// <exception cref="NotSupportedException">The negotiated codec has no implementation here.</exception>
    public void Configure(NegotiatedMedia media)
    {
        ArgumentNullException.ThrowIfNull(media);
        if (!CodecRegistry.Default.TryGet(media.Codec.Encoding, media.Codec.RtpClockRate, out var codec))
        {
            throw new NotSupportedException($"Codec {media.Codec.Encoding}/{media.Codec.RtpClockRate} is not implemented.");
        }

        var signalled = IPAddress.TryParse(media.RemoteAddress, out var address) && !address.Equals(IPAddress.Any) && media.RemotePort > 0
            ? new IPEndPoint(address, media.RemotePort)
            : null;
        lock (_gate)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_codec is null || !ReferenceEquals(_codec, codec))
            {
                DisposeCodecState();
                _codec = codec;
                _encoder = codec.CreateEncoder();
                _decoder = codec.CreateDecoder();
                _jitter = new JitterBuffer(codec.ClockRate, _options.JitterBuffer with { TimeProvider = _time });
                _eventsIn = new TelephoneEventReceiver(codec.ClockRate);
                _eventsOut = new TelephoneEventSender(codec.ClockRate);
            }

            _payloadType = media.PayloadType;
            _eventPayloadType = media.TelephoneEventPayloadType ?? -1;
            if (media.Direction == MediaDirection.SendRecv && _direction != MediaDirection.SendRecv)
            {
                // Coming off hold: the peer has had no reason to send until now.
                _lastReceived = _time.GetTimestamp();
                _inactiveReported = false;
            }

            _direction = media.Direction;

            // Whatever the re-offer changed (codec, address, direction), the prepared slot is left to the grid.
            _preparedSilence = false;
            if (!Equals(signalled, _signalledRemote))
            {
                // A new address in SDP is the peer moving its media: forget what we latched onto.
                _signalledRemote = signalled;
                _latched = false;
                _remoteRtp = signalled?.Serialize();
                _remoteRtcp = signalled is null ? null : new IPEndPoint(signalled.Address, signalled.Port + 1).Serialize();
            }
        }
    }

    /// <summary>Starts receiving; <paramref name="listener"/> gets the caller's frames and digits from the next tick on.</summary>
    public void Start(IRtpSessionListener listener)
    {
        ArgumentNullException.ThrowIfNull(listener);
        lock (_gate)
        {
            if (_listener is not null)
            {
                throw new InvalidOperationException("The RTP session is already started.");
            }

            _listener = listener;
            _lastReceived = _time.GetTimestamp();
        }

        _receiveLoop = Task.Run(ReceiveLoopAsync);
        _rtcpLoop = Task.Run(RtcpLoopAsync);
    }

    /// <summary>Queues RFC 4733 digits; they replace the audio of the next ticks.</summary>
    /// <exception cref="NotSupportedException">The peer did not negotiate telephone-event.</exception>
    public void SendDigits(string digits)
    {
        lock (_gate)
        {
            if (_eventPayloadType < 0 || _eventsOut is null)
            {
                throw new NotSupportedException("The peer did not negotiate telephone-event; digits cannot be sent as RFC 4733.");
            }

            _eventsOut.Enqueue(digits);
        }
    }

    /// <summary>
    /// One 20 ms step, from the playout scheduler's preparing thread ahead of the tick: builds the packet for
    /// <paramref name="agentFrame"/> (or a queued digit) unless the call is on hold toward the peer, and an RTCP report
    /// when one is due, for <see cref="SendPrepared"/> to send; and hands one frame of the caller's audio out of the
    /// jitter buffer to the listener.
    /// </summary>
    public void Prepare(ReadOnlySpan<short> agentFrame, bool comfortSilence)
    {
        var deliver = false;
        var inactive = false;
        IRtpSessionListener? listener;
        lock (_gate)
        {
            if (_disposed || _jitter is null || _listener is null)
            {
                return;
            }

            listener = _listener;
            _preparedRemote = _remoteRtp;
            _preparedRtcpRemote = _remoteRtcp;
            _preparedSilence = false;
            deliver = _jitter.TickInto(_decoder!, _callerFrame) != PlayoutKind.Silence && _direction.CanReceive();
            _preparedLength = _preparedRemote is not null && _direction.CanSend() ? WriteOutbound(agentFrame, comfortSilence) : 0;

            // The timestamp tracks the sampling clock even while nothing is sent (RFC 3550 §5.1), so it jumps after a hold.
            _timestamp += (uint)_codec!.TimestampIncrement;
            if (_direction == MediaDirection.SendRecv && !_inactiveReported
                && _time.GetElapsedTime(_lastReceived) > _options.InactivityTimeout)
            {
                _inactiveReported = inactive = true;
            }

            _preparedRtcpLength = 0;
            if (++_ticksSinceReport >= _ticksPerReport && _preparedRtcpRemote is not null)
            {
                _ticksSinceReport = 0;
                _preparedRtcpLength = WriteReport();
            }
        }

        if (deliver)
        {
            listener.OnCallerFrame(_callerFrame);
        }

        if (inactive)
        {
            _logger.LogWarning("No RTP for {Timeout} on local port {Port}; reporting the call dead.", _options.InactivityTimeout, LocalEndPoint.Port);
            listener.OnInactive();
        }
    }

    /// <summary>
    /// Sends the first frame of a talk spurt now, from the thread that queued it, in place of the comfort silence
    /// <see cref="Prepare"/> built for the coming tick: the same sequence number and timestamp (no reordering, no drift),
    /// marker bit set (a talkspurt starts, RFC 3551 §4.1). <see cref="SendPrepared"/> then sends only RTCP, if due. The
    /// jitter buffer and the inactivity check are not ticked: that stays one step per tick in <see cref="Prepare"/>.
    /// Like <see cref="SendPrepared"/>, it must not overlap <see cref="Prepare"/> (the scheduler serialises them).
    /// </summary>
    /// <returns>
    /// False, leaving the frame to the next tick, when there is no comfort silence prepared to replace (nothing
    /// prepared, audio or a digit prepared, no remote address), the peer holds the call, digits are queued (their events
    /// replace audio, RFC 4733) or a re-INVITE came since <see cref="Prepare"/>.
    /// </returns>
    public bool TrySendNow(ReadOnlySpan<short> agentFrame)
    {
        int length;
        SocketAddress remote;
        lock (_gate)
        {
            if (_disposed || !_preparedSilence || _preparedLength == 0 || _preparedRemote is null || !_direction.CanSend()
                || _eventsOut is { IsBusy: true })
            {
                return false;
            }

            // Prepare has already run the encoder over this slot's silence, so a stateful codec (G.722's ADPCM predictor,
            // Opus) starts the audio one silent frame further than the far end, which never gets that packet. That is
            // harmless: comfort silence is all zeros, and after a run of zeros the encoder's state is at its fixed point,
            // one more zero frame leaves it where it was, in step with the decoder that heard the earlier silence.
            // Re-encoding the slot from a saved state instead would cost a copy of the native state on every tick.
            var payloadLength = _encoder!.Encode(agentFrame, _payloadBuffer);
            var header = new RtpHeader((byte)_payloadType, _preparedSequence, _preparedTimestamp, _ssrc, Marker: true);
            length = header.Write(_sendBuffer, _payloadBuffer.AsSpan(0, payloadLength));
            _octetsSent += payloadLength - _preparedPayloadLength;
            _talking = true;
            _preparedSilence = false;
            _preparedLength = 0;
            remote = _preparedRemote;
        }

        Send(_rtp, _sendBuffer.AsSpan(0, length), remote);
        return true;
    }

    /// <summary>
    /// Sends what <see cref="Prepare"/> built, from the pacing thread at the tick's due time: one <c>sendto</c> for the RTP
    /// packet (and one for RTCP every few seconds), nothing else. Without a prepared packet it does nothing.
    /// </summary>
    public void SendPrepared()
    {
        // No lock: Prepare, TrySendNow and SendPrepared never overlap (the scheduler runs them in turn), and the call is
        // unregistered from the scheduler before its session is disposed.
        if (_preparedLength > 0)
        {
            Send(_rtp, _sendBuffer.AsSpan(0, _preparedLength), _preparedRemote!);
            _preparedLength = 0;
        }

        if (_preparedRtcpLength > 0)
        {
            Send(_rtcp, _rtcpSendBuffer.AsSpan(0, _preparedRtcpLength), _preparedRtcpRemote!);
            _preparedRtcpLength = 0;
            Interlocked.Increment(ref _rtcpSent);
        }
    }

    public async ValueTask DisposeAsync()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
        }

        await _stop.CancelAsync();
        _rtp.Dispose();
        _rtcp.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await _rtcpLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        lock (_gate)
        {
            DisposeCodecState();
        }

        _stop.Dispose();
        ArrayPool<byte>.Shared.Return(_receiveBuffer);
        ArrayPool<byte>.Shared.Return(_rtcpReceiveBuffer);
        ArrayPool<byte>.Shared.Return(_sendBuffer);
        ArrayPool<byte>.Shared.Return(_payloadBuffer);
        ArrayPool<byte>.Shared.Return(_rtcpSendBuffer);
    }

    private int WriteOutbound(ReadOnlySpan<short> agentFrame, bool comfortSilence)
    {
        RtpHeader header;
        int payloadLength;
        if (_eventPayloadType >= 0 && _eventsOut!.TryNext(_timestamp, _payloadBuffer, out var digit))
        {
            header = new RtpHeader((byte)_eventPayloadType, _sequence, digit.Timestamp, _ssrc, digit.Marker);
            payloadLength = digit.Length;
        }
        else
        {
            payloadLength = _encoder!.Encode(agentFrame, _payloadBuffer);

            // The marker starts a talkspurt (RFC 3551 §4.1): the first packet, and speech after comfort silence.
            var marker = !_sentAny || (!comfortSilence && !_talking);
            _talking = !comfortSilence;
            header = new RtpHeader((byte)_payloadType, _sequence, _timestamp, _ssrc, marker);
            _preparedSilence = comfortSilence;
            _preparedSequence = _sequence;
            _preparedTimestamp = _timestamp;
            _preparedPayloadLength = payloadLength;
        }

        _sequence++;
        _sentAny = true;
        _sentSinceReport = true;
        _packetsSent++;
        _octetsSent += payloadLength;
        return header.Write(_sendBuffer, _payloadBuffer.AsSpan(0, payloadLength));
    }

    private int WriteReport()
    {
        RtcpReportBlock[] blocks = [];
        if (_receiverStatistics is { } statistics)
        {
            var delay = _lastSenderReportArrival == 0 ? 0u : (uint)(_time.GetElapsedTime(_lastSenderReportArrival).TotalSeconds * 65536);
            blocks = [statistics.CreateReportBlock(_remoteSsrc, _lastSenderReport, delay)];
        }

        RtcpPacket report = _sentSinceReport
            ? new RtcpSenderReport(_ssrc, NtpNow(), _timestamp, (uint)_packetsSent, (uint)_octetsSent, blocks)
            : new RtcpReceiverReport(_ssrc, blocks);
        _sentSinceReport = false;
        var sdes = new RtcpSourceDescription([new RtcpSdesChunk(_ssrc, [(RtcpSdesChunk.CName, _canonicalName)])]);
        return RtcpCompoundPacket.Write(_rtcpSendBuffer, [report, sdes]);
    }

    private ulong NtpNow()
    {
        var since = _time.GetUtcNow() - NtpEpoch;
        var seconds = (ulong)since.Ticks / TimeSpan.TicksPerSecond;
        var fraction = (ulong)(since.Ticks % TimeSpan.TicksPerSecond) * (1UL << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    private void Send(Socket socket, ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException e)
        {
            // Never block the shared playout thread: a full socket buffer loses this packet, counted, not the clock.
            if (Interlocked.Increment(ref _sendsDropped) == 1)
            {
                _logger.LogWarning("RTP send from port {Port} failed: {Error}.", LocalEndPoint.Port, e.SocketErrorCode);
            }
        }
        catch (ObjectDisposedException)
        {
            // The call ended during this tick.
        }
    }

    private async Task ReceiveLoopAsync()
    {
        var from = new SocketAddress(LocalEndPoint.AddressFamily);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _rtp.ReceiveFromAsync(_receiveBuffer.AsMemory(0, MaxDatagram), SocketFlags.None, from, token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException e)
            {
                // An ICMP error from an earlier send surfaces here on some stacks; the socket itself is fine.
                _logger.LogDebug("RTP receive on port {Port}: {Error}.", LocalEndPoint.Port, e.SocketErrorCode);
                continue;
            }

            OnDatagram(_receiveBuffer.AsSpan(0, length), from);
        }
    }

    private void OnDatagram(ReadOnlySpan<byte> datagram, SocketAddress from)
    {
        if (!RtpPacket.TryParse(datagram, out var packet))
        {
            Interlocked.Increment(ref _invalidPackets);
            return;
        }

        char digit;
        IRtpSessionListener? listener;
        lock (_gate)
        {
            if (_disposed || _jitter is null)
            {
                return;
            }

            var isEvent = packet.PayloadType == _eventPayloadType;
            if (!isEvent && packet.PayloadType != _payloadType)
            {
                Interlocked.Increment(ref _invalidPackets);
                return;
            }

            _packetsReceived++;
            _lastReceived = _time.GetTimestamp();
            Latch(from);
            Account(packet);
            _pendingDigit = '\0';
            if (isEvent)
            {
                _eventsIn!.Receive(packet.Timestamp, packet.Payload, _onTelephoneEvent);
            }
            else if (_repacketize)
            {
                _repacketizer.Push(_jitter, packet.Ssrc, packet.Timestamp, packet.Payload);
            }
            else
            {
                _jitter.Push(packet.Ssrc, packet.SequenceNumber, packet.Timestamp, packet.Payload);
            }

            digit = _pendingDigit;
            listener = _listener;
        }

        if (digit != '\0')
        {
            listener?.OnDigit(digit);
        }
    }

    private void Latch(SocketAddress from)
    {
        if (!_options.SymmetricRtp || (_latched && from.Equals(_remoteRtp)))
        {
            return;
        }

        if (!from.Equals(_remoteRtp))
        {
            // Allocates, but only when the peer's source address changes: once per call in practice.
            var source = (IPEndPoint)new IPEndPoint(IPAddress.Any, 0).Create(from);
            _remoteRtp = source.Serialize();
            _remoteRtcp = new IPEndPoint(source.Address, source.Port + 1).Serialize();
        }

        _latched = true;
    }

    private void Account(RtpPacket packet)
    {
        if (!_hasRemoteSource || packet.Ssrc != _remoteSsrc)
        {
            if (_hasRemoteSource)
            {
                _ssrcChanges++;
                _logger.LogDebug("Caller stream on port {Port} changed SSRC.", LocalEndPoint.Port);
            }

            _hasRemoteSource = true;
            _remoteSsrc = packet.Ssrc;
            _repacketizer.Reset();
            _repacketize = packet.PayloadType != _eventPayloadType && _codec!.Name is "PCMU" or "PCMA"
                && packet.Payload.Length != G711Repacketizer.FrameBytes;
            _receiverStatistics = new RtpReceiverStatistics(packet.SequenceNumber);
        }

        var arrival = (uint)(long)(_time.GetElapsedTime(_epoch).TotalSeconds * _codec!.ClockRate);
        _receiverStatistics!.Update(packet.SequenceNumber, packet.Timestamp, arrival);
    }

    private void OnTelephoneEvent(DtmfEvent e)
    {
        if (e.Kind == DtmfEventKind.Started)
        {
            _pendingDigit = e.Digit;
        }
    }

    private async Task RtcpLoopAsync()
    {
        var from = new SocketAddress(LocalEndPoint.AddressFamily);
        var token = _stop.Token;
        while (!token.IsCancellationRequested)
        {
            int length;
            try
            {
                length = await _rtcp.ReceiveFromAsync(_rtcpReceiveBuffer.AsMemory(0, MaxDatagram), SocketFlags.None, from, token);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException)
            {
                return;
            }
            catch (SocketException)
            {
                continue;
            }

            // Parsing builds records: fine once per 5 s, and only RTCP, never per media packet.
            if (RtcpCompoundPacket.TryParse(_rtcpReceiveBuffer.AsSpan(0, length)) is not { } packets)
            {
                Interlocked.Increment(ref _invalidPackets);
                continue;
            }

            Interlocked.Increment(ref _rtcpReceived);
            if (packets.OfType<RtcpSenderReport>().FirstOrDefault() is { } report)
            {
                lock (_gate)
                {
                    _lastSenderReport = report.CompactNtp;
                    _lastSenderReportArrival = _time.GetTimestamp();
                }
            }
        }
    }

    private void DisposeCodecState()
    {
        _encoder?.Dispose();
        _decoder?.Dispose();
        _jitter?.Dispose();
        _encoder = null;
        _decoder = null;
        _jitter = null;
    }
}
