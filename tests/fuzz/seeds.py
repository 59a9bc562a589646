#!/usr/bin/python3
"""seeds.py: writes the seed corpora of tests/fuzz/corpus/TARGET/.

Run from the top of the repository: /usr/bin/python3 tests/fuzz/seeds.py
It replaces what it writes (files named seed-*) and leaves other files
(inputs a fuzzer found and someone kept) alone. Deterministic: the same
tree gives the same files.

Sources: the zones of examples/ and tests/zones/, the lessons, and records
written here after the shapes of the openspf conformance suite (RFC 7208
sections: syntax, macros, include, redirect, mx, ptr, exists, void
lookups, limits, exp=). Raw DNS answers are built with dnslib.
"""
import glob
import hashlib
import os
import re
import struct
import sys

import dnslib

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
CORPUS = os.path.join(ROOT, "tests", "fuzz", "corpus")
MAX_ZONE = 16 * 1024  # FUZZ_MAX_INPUT


def write(target, data):
    if isinstance(data, str):
        data = data.encode("latin-1")
    d = os.path.join(CORPUS, target)
    os.makedirs(d, exist_ok=True)
    name = "seed-" + hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def clear():
    for f in glob.glob(os.path.join(CORPUS, "*", "seed-*")):
        os.unlink(f)


def zone_files():
    pats = ["examples/*.zone", "examples/lessons/*.zone", "tests/zones/*.zone"]
    out = []
    for p in pats:
        out += sorted(glob.glob(os.path.join(ROOT, p)))
    return out


def unescape_zone_string(s):
    """A zone file's "..." string: \\DDD and \\X escapes to bytes."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c == "\\" and i + 3 < len(s) + 0 and s[i + 1:i + 4].isdigit():
            out.append(int(s[i + 1:i + 4]) & 0xFF)
            i += 4
        elif c == "\\" and i + 1 < len(s):
            out += s[i + 1].encode("latin-1")
            i += 2
        else:
            out += c.encode("latin-1")
            i += 1
    return bytes(out)


def zone_txt_records(text):
    """The joined TXT strings of each TXT line of a zone."""
    recs = []
    for line in text.splitlines():
        if re.search(r"\sTXT\s", line) is None:
            continue
        parts = re.findall(r'"((?:[^"\\]|\\.)*)"', line)
        if parts:
            recs.append(b"".join(unescape_zone_string(p) for p in parts))
    return recs


# Records after the suite's shapes, written for this corpus.
RECORDS = [
    "v=spf1",
    "v=spf1 -all",
    "v=spf1 +all",
    "v=spf1 ?all",
    "v=spf1 ~all",
    "V=SPF1 -ALL",
    "v=spf1  -all  ",
    "v=spf10 -all",
    "v=spf1-all",
    "spf2.0/pra -all",
    "v=spf1 a -all",
    "v=spf1 a/24 -all",
    "v=spf1 a//64 -all",
    "v=spf1 a/24//64 -all",
    "v=spf1 a:mail.example.com/28 -all",
    "v=spf1 a:example.com/33 -all",
    "v=spf1 a/032 -all",
    "v=spf1 a//129 -all",
    "v=spf1 mx -all",
    "v=spf1 mx:example.net/24//48 ~all",
    "v=spf1 mx: -all",
    "v=spf1 ptr -all",
    "v=spf1 ptr:example.org ?all",
    "v=spf1 ip4:192.0.2.1 -all",
    "v=spf1 ip4:192.0.2.0/24 ip4:198.51.100.0/25 -all",
    "v=spf1 ip4:192.0.2.1/32 -all",
    "v=spf1 ip4:192.0.2.1/33 -all",
    "v=spf1 ip4:192.0.2 -all",
    "v=spf1 ip4:192.0.2.256 -all",
    "v=spf1 ip4:0.0.0.0/0 -all",
    "v=spf1 ip6:2001:db8::/32 -all",
    "v=spf1 ip6:2001:db8::1 -all",
    "v=spf1 ip6:::ffff:192.0.2.1 -all",
    "v=spf1 ip6:2001:db8::/129 -all",
    "v=spf1 ip6:1080::8:800:200C:417A/96 -all",
    "v=spf1 include:_spf.example.com -all",
    "v=spf1 include:example.com include:example.net ~all",
    "v=spf1 include -all",
    "v=spf1 include: -all",
    "v=spf1 include:%{d}.example -all",
    "v=spf1 exists:%{i}.bl.example.com -all",
    "v=spf1 exists:%{ir}.%{v}._spf.%{d} -all",
    "v=spf1 exists:%{l1r-}.u.example -all",
    "v=spf1 exists:%{s}.%{o}.%{h}.example -all",
    "v=spf1 exists:%{d2}.%{d0}.x -all",
    "v=spf1 exists:%{L}.%{S}.%{P}.example -all",
    "v=spf1 exists:%{x}.example -all",
    "v=spf1 exists:%{i -all",
    "v=spf1 exists:%-%_%%.example -all",
    "v=spf1 exists:%{c}.example -all",
    "v=spf1 redirect=_spf.example.com",
    "v=spf1 redirect=a.example redirect=b.example",
    "v=spf1 -all redirect=_spf.example.com",
    "v=spf1 exp=explain.example.com -all",
    "v=spf1 exp=explain.example.com exp=x.example -all",
    "v=spf1 exp= -all",
    "v=spf1 foo=bar -all",
    "v=spf1 foo-bar.baz=%{d} -all",
    "v=spf1 1foo=bar -all",
    "v=spf1 =bar -all",
    "v=spf1 moo.cow-far_out=man:dog/cat ip4:192.0.2.1 -all",
    "v=spf1 -all foo",
    "v=spf1 a:foo..example -all",
    "v=spf1 a:example.-com -all",
    "v=spf1 a:example.123 -all",
    "v=spf1 a:.example.com -all",
    "v=spf1 a:foo:bar/baz.example.com -all",
    "v=spf1 include:example.com. -all",
    "v=spf1 ip4:192.0.2.1\t-all",
    "v=spf1 \x1b]0;pwned\x07 -all",
    "v=spf1 a:\x00.example -all",
    "v=spf1 a:caf\xc3\xa9.example -all",
    "v=spf1 a:\xff\xfe.example -all",
    "v=spf1 spfscope-off=ip4:192.0.2.1 -all",
    "v=spf1 " + " ".join("ip4:10.0.%d.0/24" % i for i in range(40)) + " -all",
    "v=spf1 " + " ".join("include:i%d.example" % i for i in range(12)) + " -all",
    "v=spf1 a:" + "a" * 63 + "." + "b" * 63 + ".example -all",
    "v=spf1 a:" + "a" * 64 + ".example -all",
    "v=spf1 exists:%{i}." + "x" * 250 + " -all",
]

MACROS = [
    # (flags, spec, sender, local, o, d, helo, p, r, ip bytes)
    (0, "%{s}", "strong-bad@email.example.com", "strong-bad", "email.example.com", "email.example.com", "mx.example.org", "", "", bytes([192, 0, 2, 3])),
    (0, "%{o}", None, None, None, None, None, None, None, None),
    (0, "%{d}", None, None, None, None, None, None, None, None),
    (0, "%{d4}", None, None, None, None, None, None, None, None),
    (0, "%{d3}", None, None, None, None, None, None, None, None),
    (0, "%{d2}", None, None, None, None, None, None, None, None),
    (0, "%{d1}", None, None, None, None, None, None, None, None),
    (0, "%{dr}", None, None, None, None, None, None, None, None),
    (0, "%{d2r}", None, None, None, None, None, None, None, None),
    (0, "%{l}", None, None, None, None, None, None, None, None),
    (0, "%{l-}", None, None, None, None, None, None, None, None),
    (0, "%{lr}", None, None, None, None, None, None, None, None),
    (0, "%{lr-}", None, None, None, None, None, None, None, None),
    (0, "%{l1r-}", None, None, None, None, None, None, None, None),
    (0, "%{ir}.%{v}._spf.%{d2}", None, None, None, None, None, None, None, None),
    (2, "%{ir}.%{v}._spf.%{d2}", None, None, None, None, None, None, None, bytes.fromhex("20010db80000000000000000000000cb")),
    (0, "%{lr-}.lp._spf.%{d2}", None, None, None, None, None, None, None, None),
    (0, "%{lr-}.lp.%{ir}.%{v}._spf.%{d2}", None, None, None, None, None, None, None, None),
    (0, "%{ir}.%{v}.%{l1r-}.lp._spf.%{d2}", None, None, None, None, None, None, None, None),
    (0, "%{d2}.trusted-domains.example.net", None, None, None, None, None, None, None, None),
    (1, "%{S} from %{C} via %{R} at %{t}", None, None, None, None, None, None, "mx.receiver.example", None),
    (1, "%{i} is not one of %{d}'s designated mail servers.", None, None, None, None, None, None, None, None),
    (1, "See http://%{d}/why.html?s=%{S}&i=%{I}", None, None, None, None, None, None, None, None),
    (1, "%%%_%-", None, None, None, None, None, None, None, None),
    (1, "%{p} %{h} %{c} %{r} %{t}", None, None, None, None, None, "mx.example.org", "", None),
    (0, "%{x}", None, None, None, None, None, None, None, None),
    (0, "%{i", None, None, None, None, None, None, None, None),
    (0, "%", None, None, None, None, None, None, None, None),
    (0, "%{i0}", None, None, None, None, None, None, None, None),
    (0, "%{i129}", None, None, None, None, None, None, None, None),
    (0, "%{i99999999999999999999}", None, None, None, None, None, None, None, None),
    (0, "%{ir+,./_=}", None, None, None, None, None, None, None, None),
    (0, "%{c}", None, None, None, None, None, None, None, None),
    (0, "a b", None, None, None, None, None, None, None, None),
    (4 * 0, "%{s}%{s}%{s}%{s}%{s}%{s}%{s}%{s}", "x" * 60 + "@" + "y" * 60 + ".example", "x" * 60, "y" * 60 + ".example", None, None, None, None, None),
    (4 * 2 + 1, "%{s} %{s} %{s}", None, None, None, None, None, None, None, None),
    (4 * 7 + 1, "%{l}" * 40, "\x1b[31m@example.com", "\x1b[31m", None, None, None, None, None, None),
    (0, "%{d}", None, None, None, "a\\.b.example", None, None, None, None),
    (0, "%{d1r}", None, None, None, "." * 10, None, None, None, None),
    (0, "%{h}.%{p}", None, None, None, None, "", "mx.example.net", None, None),
    (4 * 4, "%{o}.%{o}", None, None, "o" * 200 + ".example", None, None, None, None, None),
]

DEF = ["strong-bad@email.example.com", "strong-bad", "email.example.com",
       "email.example.com", "mx.example.org", "unknown", "receiver.example",
       bytes([192, 0, 2, 3])]


def macro_seed(row):
    flags, spec = row[0], row[1]
    fields = [spec.encode("latin-1")]
    for k, v in enumerate(row[2:]):
        if v is None:
            v = DEF[k]
        fields.append(v.encode("latin-1") if isinstance(v, str) else v)
    return bytes([flags]) + b"\0".join(fields)


# Scenario zones for check_host, the tree and the JSON reports, after the
# suite's shapes. Each: header lines, then the zone.
SCENARIOS = [
    ("@ip 192.0.2.3\n@sender user@example.com\n@helo mail.example.com\n",
     "example.com. TXT \"v=spf1 ip4:192.0.2.0/24 -all\"\n"),
    ("@ip 192.0.2.200\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 a mx -all\"\nexample.com. A 192.0.2.200\n"
     "example.com. MX 10 mx.example.com.\nmx.example.com. A 192.0.2.10\n"
     "mx.example.com. AAAA 2001:db8::10\n"),
    ("@ip 2001:db8::10\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 mx/24//64 -all\"\n"
     "example.com. MX 10 mx.example.com.\nmx.example.com. AAAA 2001:db8::1\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 include:a.example.com include:b.example.com ~all\"\n"
     "a.example.com. TXT \"v=spf1 ip4:198.51.100.0/24 -all\"\n"
     "b.example.com. TXT \"v=spf1 redirect=c.example.com\"\n"
     "c.example.com. TXT \"v=spf1 ip4:192.0.2.3 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 include:loop.example.com -all\"\n"
     "loop.example.com. TXT \"v=spf1 include:example.com -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 redirect=example.com\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 include:none.example.com -all\"\n"
     "none.example.com. TXT \"not spf\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 -all\"\nexample.com. TXT \"v=spf1 +all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 \" \"ip4:192.0.2.3\" \" -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 " + " ".join("a:h%d.example.com" % i for i in range(12)) + " -all\"\n"
     + "".join("h%d.example.com. A 198.51.100.%d\n" % (i, i) for i in range(12))),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 a:v1.example.com a:v2.example.com a:v3.example.com -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 mx -all\"\n"
     + "".join("example.com. MX %d m%d.example.com.\n" % (i, i) for i in range(12))),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 ptr -all\"\n"
     "3.2.0.192.in-addr.arpa. PTR mail.example.com.\n"
     "3.2.0.192.in-addr.arpa. PTR other.example.net.\n"
     "mail.example.com. A 192.0.2.3\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 exists:%{ir}.%{l1r-}.lp._spf.%{d} -all\"\n"
     "3.2.0.192.user.lp._spf.example.com. A 127.0.0.2\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 -all exp=exp.example.com\"\n"
     "exp.example.com. TXT \"%{i} is not one of %{d}'s senders: see %{s}\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n@exp %{i} may not send for %{d}\n",
     "example.com. TXT \"v=spf1 -all exp=nope.example.com\"\n"),
    ("@ip 192.0.2.3\n@sender \n@helo mail.example.com\n",
     "mail.example.com. TXT \"v=spf1 a -all\"\nmail.example.com. A 192.0.2.3\n"),
    ("@ip ::ffff:192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 ip4:192.0.2.3 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "; spfscope: timeout example.com. TXT\nexample.com. TXT \"v=spf1 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "; spfscope: servfail inc.example.com.\n"
     "example.com. TXT \"v=spf1 include:inc.example.com -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "; spfscope: nxdomain example.com.\nexample.com. TXT \"v=spf1 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "; spfscope: refused a.example.com. A\n"
     "example.com. TXT \"v=spf1 a:a.example.com -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. CNAME c1.example.com.\nc1.example.com. CNAME c2.example.com.\n"
     "c2.example.com. TXT \"v=spf1 ip4:192.0.2.3 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. CNAME example.com.\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "*.example.com. TXT \"v=spf1 include:x.example.com -all\"\n"
     "example.com. TXT \"v=spf1 include:sub.example.com -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n@record v=spf1 ip4:192.0.2.3 -all\n",
     "example.com. TXT \"v=spf1 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n@draft inc.example.com v=spf1 +all\n",
     "example.com. TXT \"v=spf1 include:inc.example.com -all\"\n"
     "inc.example.com. TXT \"v=spf1 -all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n@ascii\n",
     "example.com. TXT \"v=spf1 \\027]0;pwned\\007 ip4:192.0.2.1 -all\"\n"
     "_dmarc.example.com. TXT \"v=DMARC1; p=reject\"\n"),
    ("@ip 192.0.2.3\n@sender user@sub.example.co.uk\n",
     "sub.example.co.uk. TXT \"v=spf1 -all\"\n"
     "_dmarc.example.co.uk. TXT \"v=DMARC1; p=quarantine; sp=none\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 a:\\000x.example.com -all\"\n"
     "example.com. TXT \"\\255\\254 not utf-8\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 ip4:192.0.2.0/24 ip4:192.0.2.128/25 ip4:10.0.0.1/8 "
     "ip6:2001:db8::/32 include:a.example.com include:a.example.com ?all redirect=r.example.com\"\n"
     "a.example.com. TXT \"v=spf1 +all\"\n"),
    ("@ip 192.0.2.3\n@sender user@example.com\n",
     "example.com. TXT \"v=spf1 -all\"\nexample.com. SPF \"v=spf1 +all\"\n"),
    ("@sender user@example.com\n@domain example.com\n",
     "$ORIGIN example.com.\n$TTL 60\n@ IN TXT \"v=spf1 mx a:relay ~all\"\n"
     "@ MX 5 relay\nrelay A 192.0.2.7\n"),
]

LESSON_EXTRA = [
    "title: t\nzone: z.zone\ndomain: example.com\nstep: s\n",
    "title: t\nzone: /abs/z.zone\ndomain: example.com\nsender: a@example.com\n"
    "dmarc: reject\npin: 192.0.2.1 label here\npin: 2001:db8::1\n"
    "step: one\n  continued\n\tand tab\n"
    "do: qualifier example.com all -\ndo: draft example.com v=spf1 -all\n"
    "do: revert\ndo: revert example.com\ndo: test 192.0.2.1\n"
    "do: forward 192.0.2.1\ndo: dmarc none\n"
    "expect: 192.0.2.1 pass\nexpect: 2001:db8::1 permerror\n",
    "title: t\nzone: z\ndomain: d\nstep: a\nexpect: 192.0.2.1 maybe\n",
    "title: t\nzone: z\ndomain: d\nstep: a\ndo: qualifier d all x\n",
    "title: t\nzone: z\ndomain: d\nstep: a\ndo: test not-an-ip\n",
    "title: t\nzone: z\ndomain: d\nstep: a\ndo: draft d\n",
    "title: t\nzone: z\ndomain: d\nstep: a\nbogus: x\n",
    "# only a comment\n",
    "title: t\r\nzone: z\r\ndomain: d\r\nstep: a\r\n",
    "title: t\nzone: z\ndomain: d\n" + "step: s\n" * 33,
    "title: t\nzone: z\ndomain: d\nstep: s\n" + "expect: 192.0.2.1 fail\n" * 17,
    "title: t\nzone: z\ndomain: d\n" + "pin: 192.0.2.1 p\n" * 17 + "step: s\n",
    "title: \x1b]0;x\x07\nzone: z\ndomain: d\nstep: \x00nul\n",
]


def dns_msg(qname, qtype, rcode=0, answers=(), tc=False):
    q = dnslib.DNSRecord(dnslib.DNSHeader(id=0x1234, qr=1, aa=1, ra=1, rcode=rcode, tc=int(tc)),
                         q=dnslib.DNSQuestion(qname, getattr(dnslib.QTYPE, qtype)))
    for a in answers:
        q.add_answer(a)
    return q.pack()


def rr(name, qtype, rdata, ttl=300):
    return dnslib.RR(name, getattr(dnslib.QTYPE, qtype), rdata=rdata, ttl=ttl)


def answer_seeds():
    """(flags, [messages]) pairs: flags per fuzz_answer.c."""
    txt = dnslib.TXT
    E = "example.com"
    msgs = []
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 ip4:192.0.2.1 -all"))])]))
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt(["v=spf1 ip4:192.0.2.1", " include:_spf.example.com", " -all"]))])]))
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 -all")), rr(E, "TXT", txt("google-site-verification=x"))])]))
    msgs.append((1, [dns_msg(E, "A", answers=[rr(E, "A", dnslib.A("192.0.2.1")), rr(E, "A", dnslib.A("192.0.2.2"), ttl=5)])]))
    msgs.append((2, [dns_msg(E, "AAAA", answers=[rr(E, "AAAA", dnslib.AAAA("2001:db8::1"))])]))
    msgs.append((3, [dns_msg(E, "MX", answers=[rr(E, "MX", dnslib.MX("mx1.example.com", 10)), rr(E, "MX", dnslib.MX("mx2.example.com", 20))])]))
    msgs.append((5, [dns_msg("3.2.0.192.in-addr.arpa", "PTR", answers=[rr("3.2.0.192.in-addr.arpa", "PTR", dnslib.PTR("mail.example.com"))])]))
    chain = [rr(E, "CNAME", dnslib.CNAME("c1.example.com"))]
    for i in range(1, 5):
        chain.append(rr("c%d.example.com" % i, "CNAME", dnslib.CNAME("c%d.example.com" % (i + 1))))
    chain.append(rr("c5.example.com", "TXT", txt("v=spf1 -all")))
    msgs.append((0, [dns_msg(E, "TXT", answers=chain)]))
    long_chain = [rr("c%d.example.com" % i if i else E, "CNAME", dnslib.CNAME("c%d.example.com" % (i + 1))) for i in range(20)]
    msgs.append((0, [dns_msg(E, "TXT", answers=long_chain)]))
    msgs.append((4, [dns_msg(E, "CNAME", answers=[rr(E, "CNAME", dnslib.CNAME(E))])]))
    msgs.append((0, [dns_msg(E, "TXT", rcode=3)]))
    msgs.append((0, [dns_msg(E, "TXT", rcode=2)]))
    msgs.append((0, [dns_msg(E, "TXT", rcode=5)]))
    msgs.append((0, [dns_msg(E, "TXT", rcode=1)]))
    msgs.append((0, [dns_msg(E, "TXT")]))  # NODATA
    full = dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 " + "ip4:192.0.2.%d " % i + "-all")) for i in range(8)])
    msgs.append((0, [full[:len(full) // 2]]))  # truncated in the middle
    msgs.append((0, [dns_msg(E, "TXT", tc=True)]))
    msgs.append((0, [full[:12]]))
    msgs.append((0, [full[:5]]))
    # Big RRset (over 512 and 1232 bytes): many strings.
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt(["v=spf1"] + ["ip4:10.%d.%d.0/24" % (i // 256, i % 256) for i in range(120)] + [" -all"]))])]))
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt(["x"] * 1000))])]))
    msgs.append((0, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt(b"v=spf1 \x1b]0;pwned\x07 \x00 -all"))])]))
    # Names with odd bytes: a dot inside a label, a backslash, 0xff.
    odd = dnslib.DNSLabel([b"a.b", b"c\\d", b"\xff", b"example", b"com"])
    msgs.append((3, [dns_msg(E, "MX", answers=[rr(E, "MX", dnslib.MX(odd, 5))])]))
    msgs.append((7, [dns_msg(odd, "TXT", answers=[rr(odd, "TXT", txt("v=spf1 -all"))])]))
    # Compression pointers: a hand-made message with a pointer loop and a
    # pointer past the end.
    hdr = struct.pack(">HHHHHH", 0x1234, 0x8180, 1, 1, 0, 0)
    q = b"\x07example\x03com\x00" + struct.pack(">HH", 16, 1)
    loop = hdr + q + b"\xc0\x1d" + struct.pack(">HHIH", 16, 1, 60, 0) + b"\xc0\x1d"
    msgs.append((0, [loop]))
    past = hdr + q + b"\xc0\x0c" + struct.pack(">HHIH", 5, 1, 60, 2) + b"\xc3\xff"
    msgs.append((0, [past]))
    bad_txt = hdr + q + b"\xc0\x0c" + struct.pack(">HHIH", 16, 1, 60, 4) + b"\x09abc"
    msgs.append((0, [bad_txt]))
    bad_a = hdr + q.replace(struct.pack(">HH", 16, 1), struct.pack(">HH", 1, 1)) + b"\xc0\x0c" + struct.pack(">HHIH", 1, 1, 60, 3) + b"\x01\x02\x03"
    msgs.append((1, [bad_a]))
    many = struct.pack(">HHHHHH", 1, 0x8180, 1, 0xffff, 0, 0) + q
    msgs.append((0, [many]))
    # Several messages for check_host and the tree (flag 16).
    seq = [
        dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 include:inc.example.com a mx -all"))]),
        dns_msg("inc.example.com", "TXT", answers=[rr("inc.example.com", "TXT", txt("v=spf1 ip4:198.51.100.0/24 ~all"))]),
        dns_msg(E, "A", answers=[rr(E, "A", dnslib.A("192.0.2.1"))]),
        dns_msg(E, "MX", answers=[rr(E, "MX", dnslib.MX("mx.example.com", 10))]),
    ]
    msgs.append((16, seq))
    msgs.append((16 | 8, seq))
    msgs.append((16, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 redirect=example.com"))])]))
    msgs.append((16, [dns_msg(E, "TXT", answers=[rr(E, "TXT", txt("v=spf1 exists:%{i}.%{h}.example.com -all exp=e.example.com"))]),
                      dns_msg(E, "TXT", rcode=2)]))
    return msgs


def pack_answers(flags, ms):
    out = bytes([flags])
    for i, m in enumerate(ms):
        out += struct.pack(">H", len(m)) + m
    return out


def lesson_headers():
    """(header, zone text) from each lesson: its domain, sender, pins."""
    out = []
    for path in sorted(glob.glob(os.path.join(ROOT, "examples/lessons/*.lesson"))):
        text = open(path, encoding="utf-8").read()
        kv = dict(re.findall(r"^(zone|domain|sender): *(.*)$", text, re.M))
        pins = re.findall(r"^pin: *(\S+)", text, re.M)
        drafts = re.findall(r"^do: draft (\S+) (.*)$", text, re.M)
        zone = open(os.path.join(os.path.dirname(path), kv["zone"]), encoding="utf-8").read()
        for k, ip in enumerate(pins[:2]):
            h = "@ip %s\n@domain %s\n" % (ip, kv["domain"])
            if "sender" in kv:
                h += "@sender %s\n" % kv["sender"]
            if k == 1 and drafts:
                h += "@draft %s %s\n" % drafts[0]
            out.append((h, zone))
    return out


def main():
    clear()
    zones = zone_files()
    records = []
    for z in zones:
        records += zone_txt_records(open(z, encoding="latin-1").read())
    records += [r.encode("latin-1") for r in RECORDS]
    seen = set()
    for r in records:
        if r not in seen:
            seen.add(r)
            write("parse", r)
    for row in MACROS:
        write("macro", macro_seed(row))
    # Macro strings found in the zones, in both modes.
    for r in records:
        for m in set(re.findall(rb"[!-~]*%\{[^ ]*", r)):
            write("macro", b"\x00" + m + b"\0" + b"\0".join(
                v.encode() if isinstance(v, str) else v for v in DEF))
    for z in zones:
        data = open(z, "rb").read()
        if len(data) <= MAX_ZONE:
            write("zone", data)
    for h, z in SCENARIOS:
        write("zone", z)
    for flags, ms in answer_seeds():
        write("answer", pack_answers(flags, ms))
    demo = open(os.path.join(ROOT, "examples/demo.zone"), encoding="utf-8").read()
    scen = SCENARIOS + lesson_headers() + [
        ("@ip 192.0.2.25\n@domain demo.example\n@sender ceo@demo.example\n", demo),
        ("@ip 198.18.10.9\n@domain demo.example\n", demo),
        ("@ip 2001:db8:100::5\n@domain demo.example\n@helo mx1.demo.example\n", demo),
    ]
    for z in zones:
        if os.path.basename(z).startswith("err_"):
            continue
        data = open(z, encoding="latin-1").read()
        owner = re.search(r"^([A-Za-z0-9_.-]+\.)\s", data, re.M)
        if owner and len(data) <= MAX_ZONE:
            scen.append(("@ip 192.0.2.1\n@domain %s\n" % owner.group(1).rstrip("."), data))
    for h, z in scen:
        data = (h + z).encode("latin-1")
        if len(data) <= MAX_ZONE:
            for t in ("eval", "tree", "json"):
                write(t, data)
    for path in sorted(glob.glob(os.path.join(ROOT, "examples/lessons/*.lesson"))):
        write("lesson", open(path, "rb").read())
    for text in LESSON_EXTRA:
        write("lesson", text)
    n = sum(len(os.listdir(os.path.join(CORPUS, d))) for d in os.listdir(CORPUS))
    print("seeds.py: %d files under %s" % (n, os.path.relpath(CORPUS, ROOT)))


if __name__ == "__main__":
    sys.exit(main())
