#!/usr/bin/env python3
# Regenerates the torture vectors: python3 generate.py (run inside this folder).
# Writes RFC 4475-style torture vectors as exact wire bytes (CRLF line ends).
import os
def msg(head, body=b"", cl="auto"):
    head = head.strip("\n").split("\n")
    if cl == "auto":
        head.append("Content-Length: %d" % len(body))
    elif cl is not None:
        head.append("Content-Length: %s" % cl)
    return ("\r\n".join(head) + "\r\n\r\n").encode("utf-8") + body
def sdp(lines):
    return ("\r\n".join(lines) + "\r\n").encode()
def w(path, data):
    open(path, "wb").write(data)

wsinv_body = sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.3","s=-","c=IN IP4 192.0.2.4","t=0 0","m=audio 49217 RTP/AVP 0 12","m=video 3227 RTP/AVP 31","a=rtpmap:31 LPC"])
wsinv = """INVITE sip:vivekg@chair-dnrc.example.com;unknownparam SIP/2.0
TO :
 sip:vivekg@chair-dnrc.example.com ;   tag    = 1918181833n
from   : "J Rosenberg \\\\\\""       <sip:jdrosen@example.com>
  ;
  tag = 98asjd8
MaX-fOrWaRdS: 0068
Call-ID: wsinv.ndaksdj@192.0.2.1
Content-Length   : %d
cseq: 0009
  INVITE
Via  : SIP  /   2.0
 /UDP
    192.0.2.2;branch=390skdjuw
s :
NewFangledHeader:   newfangled value
 continued newfangled value
UnknownHeaderWithUnusualValue: ;;,,;;,;
Content-Type: application/sdp
Route:
 <sip:services.example.com;lr;unknownwith=value;unknown-no-value>
v:  SIP  / 2.0  / TCP     spindle.example.com   ;
  branch  =   z9hG4bK9ikj8  ,
 SIP  /    2.0   / UDP  192.168.255.111   ; branch=
 z9hG4bK30239
m:"Quoted string \\"\\"" <sip:jdrosen@example.com> ; newparam =
      newvalue ;
  secondparam ; q = 0.33""" % len(wsinv_body)
w("valid/wsinv.sip", msg(wsinv, wsinv_body, cl=None))

w("valid/intmeth.sip", msg("""!interesting-Method0123456789_*+`.%indeed'~ sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*:&it+has=1,weird!*pas$wo~d_too.(doesn't-it)@example.com SIP/2.0
Via: SIP/2.0/TCP host1.example.com;branch=z9hG4bK-.!%66*_+`'~
To: "BEL:\\\x07 NUL:\\\x00 DEL:\\\x7f" <sip:1_unusual.URI~(to-be!sure)&isn't+it$/crazy?,/;;*@example.com>
From: token1~` token2'+_ token3*%!.- <sip:mundane@example.com>;fromParam''~+*_!.-%="работающий";tag=_token~1'+`*%!-.
Call-ID: intmeth.word%ZK-!.*_+'@word`~)(><:\\/"][?}{
CSeq: 139122385 !interesting-Method0123456789_*+`.%indeed'~
Max-Forwards: 255
extensionHeader-!.%*+_`'~: 大停電"""))

w("valid/esc01.sip", msg("""INVITE sip:sips%3Auser%40example.com@example.net SIP/2.0
To: sip:%75se%72@example.com
From: <sip:I%20have%20spaces@example.net>;tag=938
Max-Forwards: 87
i: esc01.239409asdfakjkn23onasd0-3234
CSeq: 234234 INVITE
Via: SIP/2.0/UDP host5.example.net;branch=z9hG4bKkdjuw
C: application/sdp
Contact:
  <sip:cal%6Cer@host5.example.net;%6C%72;n%61me=v%61lue%25%34%31>""", sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.1","s=-","c=IN IP4 192.0.2.1","t=0 0","m=audio 49217 RTP/AVP 0 12","m=video 3227 RTP/AVP 31","a=rtpmap:31 LPC"])))

w("valid/escnull.sip", msg("""REGISTER sip:example.com SIP/2.0
To: sip:null-%00-null@example.com
From: sip:null-%00-null@example.com;tag=839923423
Max-Forwards: 70
Call-ID: escnull.39203ndfvkjdasfkq3w4otrq0adsfdfnavd
CSeq: 14398234 REGISTER
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bKkdjuw
Contact: <sip:%00@host5.example.com>
Contact: <sip:%00%00@host5.example.com>
L:0""", cl=None))

w("valid/esc02.sip", msg("""RE%47IST%45R sip:registrar.example.com SIP/2.0
To: "%Z%45" <sip:resource@example.com>
From: "%Z%45" <sip:resource@example.com>;tag=f232jadfj23
Call-ID: esc02.asdfnqwo34rq23i34jrjasdcnl23nrlknsdf
Via: SIP/2.0/TCP host.example.com;rport;branch=z9hG4bK209%fzsnel234
CSeq: 29344 RE%47IST%45R
Max-Forwards: 70
Contact: <sip:alias1@host1.example.com>
C%6Fntact: <sip:alias2@host2.example.com>
Contact: <sip:alias3@host3.example.com>
l: 0""", cl=None))

w("valid/lwsdisp.sip", msg("""OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: caller<sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID: lwsdisp.1234abcd@funky.example.com
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP funky.example.com;branch=z9hG4bKkdjuw
l: 0""", cl=None))

w("valid/semiuri.sip", msg("""OPTIONS sip:user;par=u%40example.net@example.com SIP/2.0
To: sip:j_user@example.com
From: sip:caller@example.org;tag=33242
Max-Forwards: 3
Call-ID: semiuri.0ha0isndaksdj
CSeq: 8 OPTIONS
Accept: application/sdp, application/pkcs7-mime,
        multipart/mixed, multipart/signed,
        message/sip, message/sipfrag
Via: SIP/2.0/UDP 192.0.2.1;branch=z9hG4bKkdjuw"""))

w("valid/transports.sip", msg("""OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: <sip:caller@example.com>;tag=323
Max-Forwards: 70
Call-ID:  transports.kijh4akdnaqjkwendsasfdj
Accept: application/sdp
CSeq: 60 OPTIONS
Via: SIP/2.0/UDP t1.example.com;branch=z9hG4bKkdjuw
Via: SIP/2.0/SCTP t2.example.com;branch=z9hG4bKklasjdhf
Via: SIP/2.0/TLS t3.example.com;branch=z9hG4bK2980unddj
Via: SIP/2.0/UNKNOWN t4.example.com;branch=z9hG4bKasd0f3en
Via: SIP/2.0/TCP t5.example.com;branch=z9hG4bK0a9idfnee"""))

w("valid/noreason.sip", msg("""SIP/2.0 100 
Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: noreason.asndj203insdf99223ndf
CSeq: 35 INVITE
From: <sip:user@example.com>;tag=39ansfi3
To: <sip:user@example.edu>;tag=902jndnke3"""))

w("valid/unreason.sip", msg("""SIP/2.0 200 = 2**3 * 5**2 но сто девяносто девять - простое
Via: SIP/2.0/UDP 192.0.2.198;branch=z9hG4bK1324923
Call-ID: unreason.1234ksdfak3j2erwedfsASdf
CSeq: 35 INVITE
From: sip:user@example.com;tag=11141343
To: sip:user@example.edu;tag=2229
Content-Type: application/sdp
Contact: <sip:user@192.0.2.198>""", sdp(["v=0","o=- 3149328700 3149328700 IN IP4 192.0.2.198","s=-","c=IN IP4 192.0.2.198","t=0 0","m=audio 3456 RTP/AVP 0","a=rtpmap:0 PCMU/8000"])))

w("valid/dblreq.sip", msg("""REGISTER sip:example.com SIP/2.0
To: sip:j.user@example.com
From: sip:j.user@example.com;tag=43251j3j324
Max-Forwards: 8
I: dblreq.0ha0isndaksdj99sdfafnl3lk233412
Contact: sip:j.user@host.example.com
CSeq: 8 REGISTER
Via: SIP/2.0/UDP 192.0.2.125;branch=z9hG4bKkdjuw23492""") + msg("""INVITE sip:joe@example.com SIP/2.0
t: sip:joe@example.com
From: sip:caller@example.net;tag=141334
Max-Forwards: 8
Call-ID: dblreq.0ha0isnda977644900765@192.0.2.15
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;branch=z9hG4bKkdjuw380234
Content-Type: application/sdp""", sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.15","s=-","c=IN IP4 192.0.2.15","t=0 0","m=audio 49217 RTP/AVP 0 12"])))

w("valid/zeromf.sip", msg("""OPTIONS sip:user@example.com SIP/2.0
To: sip:user@example.com
From: sip:caller@example.net;tag=3ghsd41
Call-ID: zeromf.jfasdlfnm2o2l43r5u0asdfas
CSeq: 39234321 OPTIONS
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i
Max-Forwards: 0"""))

w("valid/inv2543.sip", msg("""INVITE sip:UserB@example.com SIP/2.0
Via: SIP/2.0/UDP 192.0.2.13
From: <sip:UserA@example.com>
To: <sip:UserB@example.com>
Call-ID: 8348392321@192.0.2.13
CSeq: 1 INVITE
Content-Type: application/sdp""", sdp(["v=0","o=UserA 2890844526 2890844526 IN IP4 192.0.2.13","s=-","c=IN IP4 192.0.2.13","t=0 0","m=audio 49217 RTP/AVP 0"])))

mp_body = ("--7a9cbec02ceef655\r\nContent-Type: application/sdp\r\nContent-Transfer-Encoding: 8bit\r\n\r\n"
           "v=0\r\no=username 0 0 IN IP4 192.0.2.1\r\ns=-\r\nc=IN IP4 192.0.2.1\r\nt=0 0\r\nm=audio 5004 RTP/AVP 0\r\na=rtpmap:0 PCMU/8000\r\n"
           "\r\n--7a9cbec02ceef655\r\nContent-Type: application/octet-stream\r\nContent-Transfer-Encoding: binary\r\n\r\n").encode() + bytes([0x30,0x82,0x01,0x52,0x06,0x09,0x2a,0x86,0x48,0x0d,0x0a,0x00,0xff]) + b"\r\n--7a9cbec02ceef655--\r\n"
w("valid/mpart01.sip", msg("""MESSAGE sip:kumiko@example.org SIP/2.0
Via: SIP/2.0/UDP 192.0.2.1:5060;branch=z9hG4bKnashds8
Max-Forwards: 70
From: "Kumiko Ono" <sip:kumiko@example.com>;tag=1234567890
To: <sip:kumiko@example.org>
Call-ID: mpart01.1234567890@example.com
CSeq: 1 MESSAGE
Content-Type: multipart/mixed;boundary=7a9cbec02ceef655""", mp_body))

w("valid/regaut01.sip", msg("""REGISTER sip:example.com SIP/2.0
To: sip:j.user@example.com
From: sip:j.user@example.com;tag=87321hj23128
Max-Forwards: 8
Call-ID: regaut01.0ha0isndaksdj
CSeq: 9338 REGISTER
Via: SIP/2.0/TCP 192.0.2.253;branch=z9hG4bKkdjuw
Authorization: NoOneKnowsThisScheme opaque-data=here"""))

w("invalid/multi01.400.sip", msg("""INVITE sip:user@company.com SIP/2.0
Contact: <sip:caller@host25.example.net>
Via: SIP/2.0/UDP 192.0.2.25;branch=z9hG4bKkdjuw
Max-Forwards: 70
CSeq: 5 INVITE
Call-ID: multi01.98asdh@192.0.2.1
CSeq: 59 INVITE
Call-ID: multi01.98asdh@192.0.2.2
From: sip:caller@example.com;tag=3413415
To: sip:user@example.com
To: sip:other@example.net
From: sip:caller@example.net;tag=2923420123"""))

# ---- invalid: (file, expected status) ----
w("invalid/badinv01.400.sip", msg("""INVITE sip:user@example.com SIP/2.0
To: sip:j.user@example.com
From: sip:caller@example.net;tag=134161461246
Max-Forwards: 7
Call-ID: badinv01.0ha0isndaksdjasdf3234nas
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.15;;,;,,
Contact: "Joe" <sip:joe@example.org>;;;;
Content-Type: application/sdp""", sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.15","s=-","c=IN IP4 192.0.2.15","t=0 0","m=audio 49217 RTP/AVP 0"])))

w("invalid/clerr.400.sip", msg("""INVITE sip:user@example.com SIP/2.0
Max-Forwards: 80
To: sip:j.user@example.com
From: sip:caller@example.net;tag=93942939o2
Contact: <sip:caller@hungry.example.net>
Call-ID: clerr.0ha0isndaksdjweiafasdk3
CSeq: 8 INVITE
Via: SIP/2.0/UDP host5.example.com;branch=z9hG4bK-39234-23523
Content-Type: application/sdp""", sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.155","s=-","c=IN IP4 192.0.2.155","t=0 0","m=audio 49217 RTP/AVP 0"]), cl="9999"))

w("invalid/ncl.400.sip", msg("""INVITE sip:user@example.com SIP/2.0
Max-Forwards: 254
To: sip:j.user@example.com
From: sip:caller@example.net;tag=32394234
Call-ID: ncl.0ha0isndaksdj2193423r542w35
CSeq: 0 INVITE
Via: SIP/2.0/UDP 192.0.2.53;branch=z9hG4bKkdjuw
Contact: <sip:caller@example53.example.net>
Content-Type: application/sdp""", sdp(["v=0","s=-","t=0 0"]), cl="-999"))

w("invalid/scalar02.400.sip", msg("""REGISTER sip:example.com SIP/2.0
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bK342sdfoi3
To: <sip:user@example.com>
From: <sip:user@example.com>;tag=239232jh3
CSeq: 36893488147419103232 REGISTER
Call-ID: scalar02.23o0pd9vanlq3wnrlnewofjas9ui32
Max-Forwards: 300
Expires: 1000000000000000000000000000000000000000000000000000000000000000000
Contact: <sip:user@host129.example.com>;expires=280297596632815"""))

w("invalid/scalarlg.400.sip", msg("""SIP/2.0 503 Service Unavailable
Via: SIP/2.0/TCP host129.example.com;branch=z9hG4bKzzxdiwo34sw;received=192.0.2.129
To: <sip:user@example.com>
From: <sip:other@example.net>;tag=2easdjfejw
CSeq: 9292394834772304023312 OPTIONS
Call-ID: scalarlg.noase0of0234hn2qofoaf0232aewf2394r
Retry-After: 949302838503028349304023988
Warning: 1812 overture "In Progress\""""))

w("invalid/maxfwd300.400.sip", msg("""OPTIONS sip:user@example.com SIP/2.0
Via: SIP/2.0/UDP host1.example.com;branch=z9hG4bKkdjuw2349i
To: sip:user@example.com
From: sip:caller@example.net;tag=3ghsd41
Call-ID: maxfwd300.jfasdlfnm2o2l43r5u0asdfas
CSeq: 39234321 OPTIONS
Max-Forwards: 300"""))

w("invalid/quotbal.400.sip", msg("""INVITE sip:user@example.com SIP/2.0
To: "Mr. J. User <sip:j.user@example.com>
From: sip:caller@example.net;tag=93334
Max-Forwards: 10
Call-ID: quotbal.aksdj
Contact: <sip:caller@host59.example.net>
CSeq: 8 INVITE
Via: SIP/2.0/UDP 192.0.2.59:5050;branch=z9hG4bKkdjuw39234
Content-Type: application/sdp""", sdp(["v=0","o=mhandley 29739 7272939 IN IP4 192.0.2.15","s=-","c=IN IP4 192.0.2.15","t=0 0","m=audio 49217 RTP/AVP 0"])))

base_opts = """To: sip:user@example.com
From: sip:caller@example.net;tag=39291
Max-Forwards: 23
Call-ID: %s.1@192.0.2.5
CSeq: 1 %s
Via: SIP/2.0/UDP 192.0.2.5;branch=z9hG4bKkdjuw"""
w("invalid/ltgtruri.400.sip", msg("INVITE <sip:user@example.com> SIP/2.0\n" + base_opts % ("ltgtruri", "INVITE")))
w("invalid/lwsruri.400.sip", msg("INVITE sip:user@example.com; lr SIP/2.0\n" + base_opts % ("lwsruri", "INVITE")))
w("invalid/lwsstart.400.sip", msg("INVITE  sip:user@example.com  SIP/2.0\n" + base_opts % ("lwsstart", "INVITE")))
w("invalid/trws.400.sip", msg("OPTIONS sip:remote-target@example.com SIP/2.0  \n" + base_opts % ("trws", "OPTIONS")))
w("invalid/escruri.400.sip", msg("INVITE sip:user@example.com?Route=%3Csip:example.com%3E SIP/2.0\n" + base_opts % ("escruri", "INVITE")))
w("invalid/badvers.505.sip", msg("OPTIONS sip:t.watson@example.org SIP/7.0\n" + base_opts % ("badvers", "OPTIONS")))
w("invalid/mismatch01.400.sip", msg("OPTIONS sip:user@example.com SIP/2.0\n" + base_opts % ("mismatch01", "INVITE")))
w("invalid/mismatch02.400.sip", msg("NEWMETHOD sip:user@example.com SIP/2.0\n" + base_opts % ("mismatch02", "INVITE")))
w("invalid/baddate.400.sip", msg("INVITE sip:user@example.com SIP/2.0\n" + base_opts % ("baddate", "INVITE") + "\nDate: Fri, 01 Jan 2010 16:00:00 EST"))
w("invalid/regbadct.400.sip", msg("""REGISTER sip:example.com SIP/2.0
To: sip:user@example.com
From: sip:user@example.com;tag=998332
Max-Forwards: 70
Call-ID: regbadct.k345asrl3fdbv@10.0.0.1
CSeq: 1 REGISTER
Via: SIP/2.0/UDP 135.180.130.133:5060;branch=z9hG4bKkdjuw
Contact: sip:user@example.com?Route=%3Csip:sip.example.com%3E"""))
w("invalid/badaspec.400.sip", msg("""OPTIONS sip:user@example.org SIP/2.0
Via: SIP/2.0/UDP host4.example.com:5060;branch=z9hG4bKkdju43234
Max-Forwards: 70
From: "Bell, Alexander" <sip:a.g.bell@example.com>;tag=433423
To: "Watson, Thomas" < sip:t.watson@example.org >
Call-ID: badaspec.sdf0234n2nds0a099u23h3hnnw009cdkne3
Accept: application/sdp
CSeq: 3923239 OPTIONS"""))
w("invalid/baddn.400.sip", msg("""OPTIONS sip:t.watson@example.org SIP/2.0
Via: SIP/2.0/UDP c.example.com:5060;branch=z9hG4bKkdjuw
Max-Forwards: 70
From: Bell, Alexander <sip:a.g.bell@example.com>;tag=43
To: Watson, Thomas <sip:t.watson@example.org>
Call-ID: baddn.31415@c.example.com
Accept: application/sdp
CSeq: 3923239 OPTIONS"""))
w("invalid/bigcode.400.sip", msg("""SIP/2.0 4294967301 better not break the receiver
Via: SIP/2.0/UDP 192.0.2.105;branch=z9hG4bK2398ndaoe
Call-ID: bigcode.asdof3uj203asdnf3429uasdhfas3
CSeq: 3 OPTIONS
From: <sip:user@example.edu>;tag=39ansfi3
To: <sip:user@example.com>;tag=902jndnke3"""))
w("invalid/insuf.400.sip", msg("""INVITE sip:user@example.com SIP/2.0
CSeq: 193942 INVITE
Via: SIP/2.0/UDP 192.0.2.95;branch=z9hG4bKkdj.insuf"""))
w("invalid/bareLF.400.sip", b"OPTIONS sip:user@example.com SIP/2.0\r\nVia: SIP/2.0/UDP a.example.com;branch=z9hG4bK1\nTo: sip:user@example.com\r\nFrom: sip:c@example.net;tag=1\r\nCall-ID: x@y\r\nCSeq: 1 OPTIONS\r\n\r\n")
w("invalid/nocolon.400.sip", msg("OPTIONS sip:user@example.com SIP/2.0\n" + base_opts % ("nocolon", "OPTIONS") + "\nThisHeaderHasNoColon"))
w("invalid/badport.400.sip", msg("OPTIONS sip:user@example.com:70000 SIP/2.0\n" + base_opts % ("badport", "OPTIONS")))
w("invalid/badvia.400.sip", msg("""OPTIONS sip:user@example.com SIP/2.0
Via: SIP/3.0/UDP 192.0.2.5;branch=z9hG4bKkdjuw
To: sip:user@example.com
From: sip:caller@example.net;tag=39291
Call-ID: badvia@192.0.2.5
CSeq: 1 OPTIONS"""))
