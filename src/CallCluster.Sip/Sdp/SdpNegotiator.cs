using System.Globalization;
using System.Security.Cryptography;

namespace CallCluster.Sip.Sdp;

/// <summary>
/// RFC 3264 offer/answer for one call's audio. Holds the o= session id and version: the version moves only when
/// what we describe changes, so a session-refresh re-INVITE repeats the same description.
/// </summary>
public sealed class SdpNegotiator
{
    private readonly SdpNegotiatorOptions _options;
    private readonly string _address;
    private readonly ulong _sessionId;
    private ulong _version;
    private string? _lastMediaText;
    private List<AudioCodec>? _offered;

    public SdpNegotiator(SdpNegotiatorOptions options, string localAddress)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrEmpty(localAddress);
        _options = options;
        _address = options.AdvertisedAddress ?? localAddress;
        _sessionId = (ulong)RandomNumberGenerator.GetInt32(1, int.MaxValue);
        _version = _sessionId;
    }

    /// <summary>An offer listing every configured codec in preference order, plus telephone-event for each clock rate.</summary>
    public SessionDescription CreateOffer(int rtpPort, MediaDirection direction = MediaDirection.SendRecv)
    {
        var codecs = new List<AudioCodec>(_options.Codecs);
        if (_options.TelephoneEvents)
        {
            codecs.AddRange(codecs.Select(c => c.RtpClockRate).Distinct().Order().Select(AudioCodec.TelephoneEvent).ToList());
        }

        _offered = codecs;
        var media = new MediaDescription("audio", rtpPort, "RTP/AVP", codecs.Select(c => c.PayloadType.ToString(CultureInfo.InvariantCulture)));
        AddFormatAttributes(media, codecs);
        media.Attributes.Add(new SdpAttribute("ptime", _options.PTimeMilliseconds.ToString(CultureInfo.InvariantCulture)));
        media.Attributes.Add(new SdpAttribute(direction.ToAttribute(), null));
        return Describe([media]);
    }

    /// <summary>
    /// Answers <paramref name="offer"/>: the first audio stream gets our most preferred codec among those offered
    /// (with the offer's payload type numbers), the direction mirrors the offer within <paramref name="localDirection"/>,
    /// every other stream is rejected with port 0. No usable audio means a 488.
    /// </summary>
    public SdpAnswer Answer(SessionDescription offer, int rtpPort, MediaDirection localDirection = MediaDirection.SendRecv)
    {
        ArgumentNullException.ThrowIfNull(offer);
        var answered = new List<MediaDescription>();
        NegotiatedMedia? negotiated = null;
        foreach (var offered in offer.Media)
        {
            if (negotiated is null && offered.Media == "audio" && offered.Port != 0 && offered.Protocol is "RTP/AVP" or "RTP/AVPF"
                && Choose(offered, _options.Codecs) is { } choice)
            {
                var offerDirection = DirectionOf(offer, offered);
                var direction = offerDirection.Reverse().Intersect(localDirection);
                var formats = new List<(AudioCodec Codec, int PayloadType)> { choice };
                if (_options.TelephoneEvents && Choose(offered, [AudioCodec.TelephoneEvent(choice.Codec.RtpClockRate)]) is { } events)
                {
                    formats.Add(events);
                }

                var media = new MediaDescription("audio", rtpPort, offered.Protocol, formats.Select(f => f.PayloadType.ToString(CultureInfo.InvariantCulture)));
                AddFormatAttributes(media, formats.Select(f => f.Codec with { PayloadType = f.PayloadType }));
                var ptime = offered.PTime ?? _options.PTimeMilliseconds;
                media.Attributes.Add(new SdpAttribute("ptime", ptime.ToString(CultureInfo.InvariantCulture)));
                media.Attributes.Add(new SdpAttribute(direction.ToAttribute(), null));
                answered.Add(media);
                negotiated = new NegotiatedMedia(choice.Codec with { PayloadType = choice.PayloadType }, choice.PayloadType,
                    formats.Count > 1 ? formats[1].PayloadType : null, offered.ConnectionAddress ?? offer.ConnectionAddress!,
                    offered.Port, direction, ptime);
            }
            else
            {
                answered.Add(new MediaDescription(offered.Media, 0, offered.Protocol, offered.Formats.Take(1)));
            }
        }

        return negotiated is null
            ? new SdpAnswer(null, null, offer.Media.Any(m => m.Media == "audio") ? "No common audio codec" : "No audio stream offered")
            : new SdpAnswer(Describe(answered), negotiated, null);
    }

    /// <summary>
    /// Reads the answer to our last offer. Null when it accepts no codec we offered (the caller then ends the
    /// call: RFC 3264 leaves no way to reject an answer).
    /// </summary>
    public NegotiatedMedia? ProcessAnswer(SessionDescription answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        var offered = _offered ?? throw new InvalidOperationException("No offer was made.");
        var audio = answer.Media.FirstOrDefault(m => m.Media == "audio" && m.Port != 0 && m.Protocol.StartsWith("RTP/", StringComparison.Ordinal));
        if (audio is null)
        {
            return null;
        }

        foreach (var format in audio.Formats)
        {
            var payloadType = int.Parse(format, CultureInfo.InvariantCulture);
            var map = audio.RtpMapFor(payloadType);
            var codec = map is null ? null : offered.FirstOrDefault(c => !c.IsTelephoneEvent && c.Matches(map));
            if (codec is null)
            {
                continue;
            }

            var events = audio.Formats.Select(f => int.Parse(f, CultureInfo.InvariantCulture))
                .FirstOrDefault(pt => audio.RtpMapFor(pt) is { } m && AudioCodec.TelephoneEvent(codec.RtpClockRate).Matches(m), -1);
            return new NegotiatedMedia(codec with { PayloadType = payloadType }, payloadType, events < 0 ? null : events,
                audio.ConnectionAddress ?? answer.ConnectionAddress!, audio.Port, DirectionOf(answer, audio).Reverse(),
                audio.PTime ?? _options.PTimeMilliseconds);
        }

        return null;
    }

    private static MediaDirection DirectionOf(SessionDescription session, MediaDescription media)
    {
        // RFC 2543 hold put 0.0.0.0 in c=: the other side sends nothing to us and wants nothing back.
        if ((media.ConnectionAddress ?? session.ConnectionAddress) is "0.0.0.0")
        {
            return MediaDirection.Inactive;
        }

        if (media.Direction is { } direction)
        {
            return direction;
        }

        foreach (var attribute in session.Attributes)
        {
            if (attribute.Name is "sendonly" or "recvonly" or "inactive" or "sendrecv")
            {
                return Enum.Parse<MediaDirection>(attribute.Name, ignoreCase: true);
            }
        }

        return MediaDirection.SendRecv;
    }

    private static (AudioCodec Codec, int PayloadType)? Choose(MediaDescription offered, IEnumerable<AudioCodec> preference)
    {
        foreach (var codec in preference)
        {
            foreach (var format in offered.Formats)
            {
                if (int.TryParse(format, NumberStyles.None, CultureInfo.InvariantCulture, out var payloadType)
                    && offered.RtpMapFor(payloadType) is { } map && codec.Matches(map))
                {
                    return (codec, payloadType);
                }
            }
        }

        return null;
    }

    private static void AddFormatAttributes(MediaDescription media, IEnumerable<AudioCodec> codecs)
    {
        foreach (var codec in codecs)
        {
            media.Attributes.Add(new SdpAttribute("rtpmap", new RtpMap(codec.PayloadType, codec.Encoding, codec.RtpClockRate, codec.Channels).ToString()));
            if (codec.Fmtp is not null)
            {
                media.Attributes.Add(new SdpAttribute("fmtp", codec.PayloadType.ToString(CultureInfo.InvariantCulture) + " " + codec.Fmtp));
            }
        }
    }

    private SessionDescription Describe(List<MediaDescription> media)
    {
        var description = new SessionDescription(new SdpOrigin(_options.UserName, _sessionId, _version, SessionDescription.AddressTypeOf(_address), _address))
        {
            ConnectionAddress = _address,
        };
        description.Media.AddRange(media);
        var mediaText = description.ToString();
        mediaText = mediaText[mediaText.IndexOf("s=", StringComparison.Ordinal)..];
        if (_lastMediaText is not null && mediaText != _lastMediaText)
        {
            _version++;
            description.Origin = description.Origin with { SessionVersion = _version };
        }

        _lastMediaText = mediaText;
        return description;
    }
}
