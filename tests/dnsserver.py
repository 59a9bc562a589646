#!/usr/bin/python3
"""dnsserver.py: a small authoritative-looking DNS server for spfscope's tests.

It answers over UDP and TCP on loopback from RFC 1035 master files or from the
openspf test suite's YAML `zonedata:` mappings, with fault injection (time-outs,
SERVFAIL, REFUSED, NXDOMAIN, extra delay, forced truncation, a TCP answer that
stalls half-way, answers with the wrong ID or the wrong question, CNAME chains
longer than a resolver follows) so that tests can reach every branch of the
resolver and of SPF's error handling. Hostile data needs no directive: master
files carry any byte through \\DDD escapes, in names and TXT strings alike
(zone_escape() writes them), TXT records of many strings and RRsets of many
records up to the 65,535-byte message limit (sent over TCP).

Run it with /usr/bin/python3: dnslib and PyYAML are Debian packages
(python3-dnslib, python3-yaml) installed for that interpreter only.

Command line
    dnsserver.py [--addr 127.0.0.1]... [--port 0] [--zone FILE]...
                 [--delay-ms N] [--max-udp N] [--no-tcp] [--max-chain N]
                 [--log FILE]
  prints the chosen port alone on the first line of stdout, then serves until
  SIGTERM/SIGINT (exit 0). A bad zone file is reported as FILE:LINE: message
  on stderr with exit status 2.

Zone-file fault directives (whole-line comments, so the file stays a valid
zone for any other server; names are absolute, no TYPE means every type):
    ; spfscope: timeout  NAME. [TYPE]     never answer, UDP or TCP
    ; spfscope: servfail NAME. [TYPE]     rcode SERVFAIL
    ; spfscope: nxdomain NAME. [TYPE]     rcode NXDOMAIN whatever the data holds
    ; spfscope: refused  NAME. [TYPE]     rcode REFUSED
    ; spfscope: delay MS NAME. [TYPE]     answer MS milliseconds later
    ; spfscope: truncate NAME. [TYPE]     UDP: TC=1 and no answers; TCP: whole
    ; spfscope: stall NAME. [TYPE]        UDP: TC=1 and no answers; TCP: the
                 2-byte length and the first half of the answer, then nothing
                 more on that connection (it stays open, what the client sends
                 is read and dropped) until the client closes it
    ; spfscope: wrongid NAME. [TYPE]      the answer, with the query's ID
                 XOR 0xFFFF (a client must drop it: it never gets another)
    ; spfscope: wrongquestion NAME. [TYPE]  the answer, its question section
                 naming wrong-question.invalid. instead (same ID, type, class)
  timeout, servfail, nxdomain, refused, stall, wrongid and wrongquestion are
  actions: on one name a typed directive wins over an untyped one, then the
  last one read. delay and truncate add to any action. Along a CNAME chain
  each name's directives apply as the chain is chased: timeout, servfail,
  nxdomain and refused end it there; the first stall, wrongid or
  wrongquestion met spoils the whole answer.

CNAME chains are chased inside the data, the whole chain going in the answer
as a recursive resolver sends it; after --max-chain hops (default 16, as
spfscope's own DNS_MAX_CNAME) the chain so far goes out with NOERROR. With
--max-chain 200 a zone's chain of 100 reaches the client whole.

Module API (used by tests/suite_conformance and benchmark scripts)
    load_zone_files(paths) -> Zone          parse master files (raises ZoneError)
    zone_from_zonedata(mapping) -> Zone     the suite's YAML rules (see below)
    start_server(zones, delay_ms=0, max_udp=None, tcp=True,
                 addrs=("127.0.0.1",), port=0, log=None,
                 max_chain=16) -> (port, stop_fn)
        zones: a Zone, a zonedata dict, a zone-file path, or a list of those.
        Serves from a background thread with its own asyncio loop; stop_fn()
        shuts it down and joins the thread. log: a path, a writable text
        file, or a callable taking (proto, name, type). max_chain: CNAME
        hops chased before the chain so far is sent (see above).
    zone_escape(data) -> str                bytes as master-file text: every
        byte outside printable ASCII, and " ; ( ) \\ . @ $ and space, as \\DDD
    Server(...)  the same with more control: .start(), .port, .stop(),
        .queries (a bounded deque of (proto, name, type) tuples).

The YAML rules follow /work/shared/notes/test-suite-zonedata.md, which
describes how the suite's reference driver (pyspf's test/testspf.py) reads the
data; where that note is silent the driver's behaviour is copied.
"""

import argparse
import asyncio
import collections
import ipaddress
import os
import re
import signal
import socket
import struct
import sys
import threading

from dnslib import (AAAA, CNAME, DNSHeader, DNSLabel, DNSQuestion, DNSRecord,
                    EDNS0, MX, NS, PTR, QTYPE, RD, RR, SOA, TXT, A)

# --------------------------------------------------------------------------
# Limits and constants. Everything the server keeps or does is bounded.

DEFAULT_TTL = 3600
CLASSIC_UDP = 512          # RFC 1035 limit for UDP answers without EDNS0
EDNS_ADVERTISE = 1232      # payload size we offer in our own OPT record
MAX_CHAIN = 16             # CNAMEs followed before giving up (NOERROR)
ANSWER_CACHE = 10000       # packed answers kept, keyed by query bytes
MAX_INFLIGHT = 10000       # delayed answers pending at once; more are dropped
MAX_TCP_CONNS = 512        # concurrent TCP clients; more are closed at once
TCP_IDLE_S = 30            # a silent TCP client is closed after this
MAX_INCLUDE_DEPTH = 8      # $INCLUDE nesting
MAX_ZONE_BYTES = 64 << 20  # zone files larger than this are refused
QUERY_LOG_LEN = 100000     # Server.queries keeps this many entries

T_A, T_NS, T_CNAME, T_SOA, T_PTR, T_MX, T_TXT, T_AAAA, T_OPT, T_SPF, T_ANY = (
    1, 2, 5, 6, 12, 15, 16, 28, 41, 99, 255)

R_NOERROR, R_FORMERR, R_SERVFAIL, R_NXDOMAIN, R_NOTIMP, R_REFUSED = (
    0, 1, 2, 3, 4, 5)

FAULT_ACTIONS = ("timeout", "servfail", "nxdomain", "refused", "stall",
                 "wrongid", "wrongquestion")
MANGLE_ACTIONS = ("stall", "wrongid", "wrongquestion")   # answer, then spoil it
WRONG_QUESTION = (b"wrong-question", b"invalid")
MAX_CHAIN_LIMIT = 10000    # --max-chain at most
FAULT_KINDS = FAULT_ACTIONS + ("delay", "truncate")


class ZoneError(Exception):
    """Bad zone data; the message starts with FILE:LINE: (or the YAML name)."""


# --------------------------------------------------------------------------
# Names: a name is a tuple of label byte strings, root = (). Keys compare
# case-insensitively on ASCII letters only (RFC 4343), never IDNA-decoded.

def name_key(labels):
    return tuple(label.lower() for label in labels)


def name_text(labels):
    """Presentation form with a trailing dot, bytes outside printable ASCII
    (and the dot and backslash inside a label) escaped as \\DDD / \\X."""
    if not labels:
        return "."
    out = []
    for label in labels:
        part = []
        for b in label:
            if b in (0x2E, 0x5C):            # '.' and '\\'
                part.append("\\" + chr(b))
            elif 0x21 <= b <= 0x7E:
                part.append(chr(b))
            else:
                part.append("\\%03d" % b)
        out.append("".join(part))
    return ".".join(out) + "."


_ZONE_PLAIN = frozenset(range(0x21, 0x7F)) - frozenset(b'";()\\.@$')


def zone_escape(data):
    """Bytes -> master-file text that reads back as exactly those bytes,
    inside a quoted string or as one label of a name: \\DDD for every byte
    outside printable ASCII and for the ones a zone file gives a meaning
    (quote, semicolon, parentheses, backslash, dot, @, $, space)."""
    return "".join(chr(b) if b in _ZONE_PLAIN else "\\%03d" % b
                   for b in bytes(data))


def text_bytes(s):
    """Latin-1 when every character fits (so the suite's "\\xEF" is that
    byte), UTF-8 otherwise."""
    try:
        return s.encode("latin-1")
    except UnicodeEncodeError:
        return s.encode("utf-8")


def plain_name(s):
    """A name as the suite writes it: dots separate labels, no escapes,
    trailing dot optional. Empty labels are dropped, as the suite's reference
    driver (emulating pydns) does."""
    return tuple(text_bytes(part) for part in str(s).split(".") if part)


def type_code(mnemonic):
    """'TXT' -> 16, 'TYPE65280' -> 65280, unknown -> None."""
    m = str(mnemonic).upper()
    if m in QTYPE.reverse:
        return QTYPE.reverse[m]
    if re.fullmatch(r"TYPE[0-9]{1,5}", m) and int(m[4:]) <= 65535:
        return int(m[4:])
    return None


def type_name(code):
    return QTYPE.forward.get(code) or "TYPE%d" % code


# --------------------------------------------------------------------------
# The data.

Record = collections.namedtuple("Record", "owner rtype ttl rdata")
Fault = collections.namedtuple("Fault", "kind qtype ms except_types")


class Zone:
    """All records and faults the server knows, from any number of sources."""

    def __init__(self):
        self.records = {}   # key -> [Record]; [] = present name, no records
        self.ents = set()   # keys of every proper ancestor of a present name
        self.faults = {}    # key -> [Fault]
        self._packed = {}   # key -> {(rtype, wire rdata)}, for dedupe

    def touch(self, owner):
        """Make a name exist (NODATA rather than NXDOMAIN) even without data."""
        key = name_key(owner)
        self.records.setdefault(key, [])
        for i in range(1, len(key)):
            self.ents.add(key[i:])

    def add(self, owner, rtype, ttl, rdata, dedupe=False):
        self.touch(owner)
        rrs = self.records[name_key(owner)]
        if dedupe:
            # A master file's RRset is a set, as in every real server.
            seen = self._packed.setdefault(name_key(owner), set())
            packed = (rtype, _pack_rdata(rtype, rdata))
            if packed in seen:
                return
            seen.add(packed)
        rrs.append(Record(tuple(owner), rtype, ttl, rdata))

    def add_fault(self, owner_key, kind, qtype=None, ms=0, except_types=()):
        assert kind in FAULT_KINDS
        self.faults.setdefault(owner_key, []).append(
            Fault(kind, qtype, ms, frozenset(except_types)))

    def merge(self, other):
        for key, rrs in other.records.items():
            self.records.setdefault(key, []).extend(rrs)
        self.ents |= other.ents
        for key, faults in other.faults.items():
            self.faults.setdefault(key, []).extend(faults)

    def faults_for(self, key, qtype):
        """-> (action or None, extra delay ms, truncate?). A typed directive
        wins over an untyped one for the action, then the last one read;
        delays add up."""
        typed = untyped = None
        delay = 0
        truncate = False
        for f in self.faults.get(key, ()):
            if f.qtype is None:
                if qtype in f.except_types:
                    continue
            elif f.qtype != qtype:
                continue
            if f.kind == "delay":
                delay += f.ms
            elif f.kind == "truncate":
                truncate = True
            elif f.qtype is None:
                untyped = f.kind        # among equals the last one read wins,
            else:
                typed = f.kind          # as in spfscope's own zone loader
        return typed or untyped, delay, truncate

    def soa_for(self, key):
        """The closest enclosing SOA (for the authority section of negative
        answers), or None: the suite's zonedata has none."""
        for i in range(len(key) + 1):
            for r in self.records.get(key[i:], ()):
                if r.rtype == T_SOA:
                    return r
        return None

    def resolve(self, qname, qtype, max_chain=MAX_CHAIN):
        """Answer (qname, qtype) as a recursive resolver in front of this data
        would. -> dict(action='answer'|'drop', rcode, answer=[(owner, Record)],
        authority=[Record], delay_ms, truncate, mangle=None|'stall'|
        'wrongid'|'wrongquestion')."""
        res = {"action": "answer", "rcode": R_NOERROR, "answer": [],
               "authority": [], "delay_ms": 0, "truncate": False,
               "mangle": None}
        owner = tuple(qname)
        visited = set()
        for _ in range(max_chain + 1):
            key = name_key(owner)
            action, delay, truncate = self.faults_for(key, qtype)
            res["delay_ms"] += delay
            res["truncate"] |= truncate
            if action == "timeout":
                res["action"] = "drop"
                return res
            if action in MANGLE_ACTIONS and res["mangle"] is None:
                res["mangle"] = action  # answered as usual, spoilt on the way out
            if action in ("servfail", "refused"):
                res["rcode"] = R_SERVFAIL if action == "servfail" else R_REFUSED
                res["answer"] = []
                return res
            if action == "nxdomain":
                res["rcode"] = R_NXDOMAIN   # the CNAME chain so far stays
                return self._negative(res, key)
            visited.add(key)
            rrs = self.records.get(key)
            if rrs is None:
                if key not in self.ents:
                    res["rcode"] = R_NXDOMAIN
                return self._negative(res, key)
            match = [r for r in rrs if r.rtype == qtype or qtype == T_ANY]
            if match:
                res["answer"] += [(owner, r) for r in match]
                return res
            cnames = [r for r in rrs if r.rtype == T_CNAME]
            if not cnames or qtype == T_CNAME:
                return self._negative(res, key)
            # Chase the CNAME inside the data and put the whole chain in the
            # answer, as a recursive resolver does; a loop just ends it.
            res["answer"].append((owner, cnames[0]))
            owner = tuple(cnames[0].rdata.label.label)
            if name_key(owner) in visited:
                return res
        return res

    def _negative(self, res, key):
        soa = self.soa_for(key)
        if soa is not None:
            res["authority"].append(soa)
        return res


def _pack_rdata(rtype, rdata):
    try:
        return RR("x", rtype, ttl=0, rdata=rdata).pack()
    except Exception:
        return repr(rdata).encode()


# --------------------------------------------------------------------------
# RFC 1035 master files. Our own reader, because dnslib's does not know type
# SPF (it fails on `SPF "v=spf1 ..."`), and because the fault directives and
# FILE:LINE errors need one anyway. Bytes are kept exact: the file is read as
# Latin-1, so every byte is one character and goes back out unchanged.

Token = collections.namedtuple("Token", "text quoted")
_TTL_RE = re.compile(r"(?:[0-9]+[smhdwSMHDW]?)+")
_TTL_UNITS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400, "w": 604800}
_CLASSES = {"IN", "CH", "HS", "CS", "ANY"}


def _records_of(text, where):
    """Split master-file text into logical records.
    Yields (line, starts_with_blank, [Token]). Handles comments, quoted
    strings, escapes and parentheses over several lines."""
    n = len(text)
    i = 0
    line = 1
    tokens = []
    depth = 0
    start_line = 1
    blank_start = False
    bol = True
    while i < n:
        c = text[i]
        if c == "\n":
            line += 1
            i += 1
            bol = True
            if depth == 0:
                if tokens:
                    yield start_line, blank_start, tokens
                tokens = []
            continue
        if bol:
            bol = False
            if depth == 0 and not tokens:
                start_line = line
                blank_start = c in " \t"
        if c in " \t\r":
            i += 1
        elif c == ";":
            j = text.find("\n", i)
            i = n if j < 0 else j
        elif c == "(":
            depth += 1
            i += 1
        elif c == ")":
            if depth == 0:
                raise ZoneError("%s:%d: ')' without '('" % (where, line))
            depth -= 1
            i += 1
        elif c == '"':
            j = i + 1
            while True:
                if j >= n or text[j] == "\n":
                    raise ZoneError("%s:%d: unterminated quoted string"
                                    % (where, line))
                if text[j] == "\\":
                    j += 2
                    continue
                if text[j] == '"':
                    break
                j += 1
            tokens.append(Token(text[i + 1:j], True))
            i = j + 1
        else:
            j = i
            while j < n and text[j] not in " \t\r\n;()\"":
                j += 2 if text[j] == "\\" and j + 1 < n and text[j + 1] != "\n" else 1
            tokens.append(Token(text[i:j], False))
            i = j
    if depth:
        raise ZoneError("%s:%d: '(' not closed" % (where, start_line))
    if tokens:
        yield start_line, blank_start, tokens


def _unescape(s, where):
    """Zone-file escapes: \\DDD (decimal byte) and \\X (X itself) -> bytes."""
    out = bytearray()
    i = 0
    while i < len(s):
        c = s[i]
        if c != "\\":
            out.append(ord(c))
            i += 1
        elif s[i + 1:i + 4].isdigit() and len(s[i + 1:i + 4]) == 3:
            v = int(s[i + 1:i + 4])
            if v > 255:
                raise ZoneError("%s: escape \\%s is over 255" % (where, s[i + 1:i + 4]))
            out.append(v)
            i += 4
        elif i + 1 < len(s):
            out.append(ord(s[i + 1]))
            i += 2
        else:
            raise ZoneError("%s: backslash at the end of %r" % (where, s))
    return bytes(out)


def _zone_name(tok, origin, where):
    """A domain name in a master file: '@', absolute or origin-relative."""
    s = tok.text
    if s == "@":
        if origin is None:
            raise ZoneError("%s: '@' with no $ORIGIN" % where)
        return origin
    if s == ".":
        return ()
    parts = []
    cur = []
    i = 0
    absolute = False
    while i < len(s):
        c = s[i]
        if c == "\\":
            ddd = s[i + 1:i + 4]
            cur.append(s[i:i + 4] if len(ddd) == 3 and ddd.isdigit() else s[i:i + 2])
            i += len(cur[-1])
        elif c == ".":
            if not cur:
                raise ZoneError("%s: empty label in %r" % (where, s))
            parts.append("".join(cur))
            cur = []
            i += 1
            if i == len(s):
                absolute = True
        else:
            cur.append(c)
            i += 1
    if cur:
        parts.append("".join(cur))
    labels = tuple(_unescape(p, where) for p in parts)
    for label in labels:
        if not 1 <= len(label) <= 63:
            raise ZoneError("%s: label of %d bytes in %r" % (where, len(label), s))
    if not absolute:
        if origin is None:
            raise ZoneError("%s: relative name %r with no $ORIGIN" % (where, s))
        labels += origin
    if sum(len(x) + 1 for x in labels) + 1 > 255:
        raise ZoneError("%s: name longer than 255 bytes: %r" % (where, s))
    return labels


def _ttl(s):
    if not _TTL_RE.fullmatch(s):
        return None
    total = 0
    for num, unit in re.findall(r"([0-9]+)([smhdwSMHDW]?)", s):
        total += int(num) * _TTL_UNITS[unit.lower()]
    return total if total < 2 ** 31 else None


def _u16(tok, where):
    if not tok.text.isdigit() or int(tok.text) > 65535:
        raise ZoneError("%s: %r is not a number 0-65535" % (where, tok.text))
    return int(tok.text)


def _txt_strings(tokens, where):
    """Each quoted string or word is one character-string; longer than 255
    bytes is split into 255-byte strings (as Knot's zscanner does)."""
    out = []
    for tok in tokens:
        data = _unescape(tok.text, where)
        if not data:
            out.append(b"")
        for i in range(0, len(data), 255):
            out.append(data[i:i + 255])
    return out


def _rdata(rtype, args, origin, where):
    """Build the dnslib rdata object of one record."""
    def need(n):
        if len(args) != n:
            raise ZoneError("%s: %s wants %d field(s), got %d"
                            % (where, type_name(rtype), n, len(args)))
    if args and args[0].text == "\\#" and not args[0].quoted:
        # RFC 3597 generic form: \# LENGTH HEX...
        if len(args) < 2 or not args[1].text.isdigit():
            raise ZoneError("%s: \\# needs a length" % where)
        try:
            data = bytes.fromhex("".join(t.text for t in args[2:]))
        except ValueError:
            raise ZoneError("%s: bad hex in \\# rdata" % where) from None
        if len(data) != int(args[1].text):
            raise ZoneError("%s: \\# length %s but %d bytes of data"
                            % (where, args[1].text, len(data)))
        return RD(data)
    try:
        if rtype == T_A:
            need(1)
            return A(str(ipaddress.IPv4Address(args[0].text)))
        if rtype == T_AAAA:
            need(1)
            return AAAA(str(ipaddress.IPv6Address(args[0].text)))
    except ValueError as e:
        raise ZoneError("%s: %s" % (where, e)) from None
    if rtype in (T_CNAME, T_PTR, T_NS):
        need(1)
        label = DNSLabel(_zone_name(args[0], origin, where))
        return {T_CNAME: CNAME, T_PTR: PTR, T_NS: NS}[rtype](label)
    if rtype == T_MX:
        need(2)
        return MX(DNSLabel(_zone_name(args[1], origin, where)), _u16(args[0], where))
    if rtype in (T_TXT, T_SPF):
        if not args:
            raise ZoneError("%s: %s without any string" % (where, type_name(rtype)))
        return TXT(_txt_strings(args, where))
    if rtype == T_SOA:
        need(7)
        times = []
        for tok in args[2:]:
            v = _ttl(tok.text)
            if v is None:
                raise ZoneError("%s: bad SOA number %r" % (where, tok.text))
            times.append(v)
        return SOA(DNSLabel(_zone_name(args[0], origin, where)),
                   DNSLabel(_zone_name(args[1], origin, where)), times)
    raise ZoneError("%s: type %s is not supported here (use the \\# form)"
                    % (where, type_name(rtype)))


# Read as spfscope's own loader does (src/dns_zone_directive.c): the tag and
# keyword in any case, and a `; comment` may follow the directive.
_DIRECTIVE_RE = re.compile(r"[ \t]*;[ \t]*spfscope:(.*)$", re.I)


def _directives(text, path, zone):
    """The fault pre-pass: whole-line comments `; spfscope: KIND ...`."""
    for lineno, line in enumerate(text.split("\n"), 1):
        m = _DIRECTIVE_RE.match(line)
        if not m:
            continue
        where = "%s:%d" % (path, lineno)
        words = m.group(1).split(";", 1)[0].split()
        if not words or words[0].lower() not in FAULT_KINDS:
            raise ZoneError("%s: spfscope directive: unknown keyword %r (want one of %s)"
                            % (where, words[0] if words else "", ", ".join(FAULT_KINDS)))
        kind = words.pop(0).lower()
        ms = 0
        if kind == "delay":
            if not words or not words[0].isdigit() or int(words[0]) > 600000:
                raise ZoneError("%s: spfscope directive: delay wants MS (0-600000) first" % where)
            ms = int(words.pop(0))
        if not 1 <= len(words) <= 2:
            raise ZoneError("%s: spfscope directive: want NAME. [TYPE]" % where)
        if not words[0].endswith(".") or words[0].endswith("\\."):
            raise ZoneError("%s: spfscope directive: name %r must be absolute (end with a dot)"
                            % (where, words[0]))
        labels = _zone_name(Token(words[0], False), None, where)
        qtype = None
        if len(words) == 2:
            qtype = type_code(words[1])
            if qtype is None:
                raise ZoneError("%s: spfscope directive: unknown type %r" % (where, words[1]))
        zone.add_fault(name_key(labels), kind, qtype, ms)


def parse_zone_text(text, path="<zone>", zone=None, origin=None, depth=0,
                    _stack=()):
    """Parse master-file text (str, one character per byte) into a Zone."""
    zone = Zone() if zone is None else zone
    _directives(text, path, zone)
    default_ttl = None
    last_ttl = DEFAULT_TTL
    owner = None
    for line, blank_start, toks in _records_of(text, path):
        where = "%s:%d" % (path, line)
        head = toks[0].text
        if not blank_start and not toks[0].quoted and head.startswith("$"):
            word = head.upper()
            if word == "$ORIGIN" and len(toks) == 2:
                origin = _zone_name(toks[1], origin, where)
                if toks[1].text not in ("@", ".") and not toks[1].text.endswith("."):
                    raise ZoneError("%s: $ORIGIN must be absolute" % where)
            elif word == "$TTL" and len(toks) == 2:
                default_ttl = _ttl(toks[1].text)
                if default_ttl is None:
                    raise ZoneError("%s: bad $TTL %r" % (where, toks[1].text))
            elif word == "$INCLUDE" and len(toks) in (2, 3):
                inc = _unescape(toks[1].text, where).decode("latin-1")
                # Relative to the including file's directory, as spfscope does.
                inc = os.path.join(os.path.dirname(path), inc)
                sub_origin = origin if len(toks) == 2 else _zone_name(toks[2], origin, where)
                _parse_zone_file(inc, zone, sub_origin, depth + 1, _stack, where)
            else:
                raise ZoneError("%s: unknown or malformed directive %r" % (where, head))
            continue
        rest = list(toks)
        if blank_start:
            if owner is None:
                raise ZoneError("%s: record with no owner name" % where)
        else:
            owner = _zone_name(rest.pop(0), origin, where)
        ttl = None
        rtype = None
        while rest and rtype is None:
            word = rest.pop(0)
            up = word.text.upper()
            if word.quoted:
                raise ZoneError("%s: expected a type, got a quoted string" % where)
            if ttl is None and _ttl(word.text) is not None:
                ttl = _ttl(word.text)
            elif up in _CLASSES or re.fullmatch(r"CLASS[0-9]+", up):
                if up != "IN":
                    raise ZoneError("%s: only class IN is served" % where)
            else:
                rtype = type_code(up)
                if rtype is None or rtype in (T_OPT, T_ANY):
                    raise ZoneError("%s: unknown type %r" % (where, word.text))
        if rtype is None:
            raise ZoneError("%s: record without a type" % where)
        if ttl is None:
            ttl = default_ttl if default_ttl is not None else last_ttl
        last_ttl = ttl
        zone.add(owner, rtype, ttl, _rdata(rtype, rest, origin, where), dedupe=True)
    return zone


def _parse_zone_file(path, zone, origin, depth, stack, where=None):
    prefix = where + ": " if where else ""
    if depth > MAX_INCLUDE_DEPTH:
        raise ZoneError("%s$INCLUDE nested deeper than %d" % (prefix, MAX_INCLUDE_DEPTH))
    try:
        real = os.path.realpath(path)
        if real in stack:
            raise ZoneError("%s$INCLUDE loop through %s" % (prefix, path))
        if not os.path.isfile(real):
            raise ZoneError("%s%s: not a regular file" % (prefix, path))
        if os.path.getsize(real) > MAX_ZONE_BYTES:
            raise ZoneError("%s%s: larger than %d bytes" % (prefix, path, MAX_ZONE_BYTES))
        with open(real, "rb") as f:
            text = f.read(MAX_ZONE_BYTES + 1).decode("latin-1")
    except OSError as e:
        raise ZoneError("%s%s: %s" % (prefix, path, e.strerror)) from None
    return parse_zone_text(text, path, zone, origin, depth, stack + (real,))


def load_zone_files(paths):
    """Parse master files into one Zone. Raises ZoneError('FILE:LINE: ...')."""
    zone = Zone()
    for path in ([paths] if isinstance(paths, str) else paths):
        _parse_zone_file(path, zone, None, 0, ())
    return zone


# --------------------------------------------------------------------------
# The suite's YAML zonedata (see the module docstring and the zonedata note).

def _yaml_txt(value, where):
    """One TXT/SPF value -> list of character-strings. A string is one
    string, a list is one multi-string record, [] a record of no strings."""
    if isinstance(value, (list, tuple)):
        strings = ["" if s is None else str(s) for s in value]
    else:
        strings = [str(value)]
    # One encoding for the whole record: Latin-1 when every character fits.
    try:
        raw = [s.encode("latin-1") for s in strings]
    except UnicodeEncodeError:
        raw = [s.encode("utf-8") for s in strings]
    out = []
    for data in raw:
        if not data:
            out.append(b"")
        for i in range(0, len(data), 255):
            out.append(data[i:i + 255])
    return out


def _yaml_rdata(rtype, value, where):
    try:
        if rtype == T_A:
            return A(str(ipaddress.IPv4Address(str(value).strip())))
        if rtype == T_AAAA:
            return AAAA(str(ipaddress.IPv6Address(str(value).strip())))
    except ValueError as e:
        raise ZoneError("%s: %s" % (where, e)) from None
    if rtype in (T_TXT, T_SPF):
        return TXT(_yaml_txt(value, where))
    if rtype in (T_CNAME, T_PTR, T_NS):
        return {T_CNAME: CNAME, T_PTR: PTR, T_NS: NS}[rtype](DNSLabel(plain_name(value)))
    if rtype == T_MX:
        # MX: [preference, host]; MX: [0, ""] is a null MX (host = root).
        if isinstance(value, str):
            value = value.split(None, 1)
        if (not isinstance(value, (list, tuple)) or len(value) != 2
                or not str(value[0]).strip().isdigit() or int(str(value[0]).strip()) > 65535):
            raise ZoneError("%s: MX wants [preference, host], got %r" % (where, value))
        host = "" if value[1] is None else value[1]
        return MX(DNSLabel(plain_name(host)), int(str(value[0]).strip()))
    raise ZoneError("%s: type %s is not supported in zonedata" % (where, type_name(rtype)))


def zone_from_zonedata(zonedata, ttl=DEFAULT_TTL):
    """The suite's `zonedata:` mapping -> Zone.

    name: [entry...], each entry a `{TYPE: value}` map or the bare word
    TIMEOUT.
    - SPF values are also published as TXT when the name has no TXT entry at
      all; `TXT: NONE` / `SPF: NONE` publish nothing (and TXT: NONE stops the
      copying).
    - A bare TIMEOUT makes every type time out except the types of records
      listed before it. Like the reference driver, entries after it are never
      reached, and the TXT copies of SPF records count as coming last (so
      [SPF, TIMEOUT] without TXT times out for TXT).
    - `TYPE: TIMEOUT` makes just that type time out (an SPF: TIMEOUT copied to
      TXT too).
    - Every listed name exists (NODATA, not NXDOMAIN), even with no records.
    """
    zone = Zone()
    if zonedata is None:
        return zone
    if not isinstance(zonedata, dict):
        raise ZoneError("zonedata: expected a mapping of names, got %s"
                        % type(zonedata).__name__)
    for name, entries in zonedata.items():
        where = "zonedata %s" % name
        owner = plain_name(name)
        key = name_key(owner)
        zone.touch(owner)
        if entries is None:
            entries = []
        elif not isinstance(entries, list):
            entries = [entries]
        has_txt = False
        spf_values = []
        served = set()          # types with records before a bare TIMEOUT
        bare_timeout = False
        for entry in entries:
            if isinstance(entry, str) and entry.strip().upper() == "TIMEOUT":
                zone.add_fault(key, "timeout", None, except_types=served)
                bare_timeout = True
                break
            if not isinstance(entry, dict):
                raise ZoneError("%s: entry %r is neither TIMEOUT nor TYPE: value"
                                % (where, entry))
            for tname, value in entry.items():
                rtype = type_code(tname)
                if rtype is None or rtype in (T_OPT, T_ANY):
                    raise ZoneError("%s: unknown type %r" % (where, tname))
                if rtype == T_TXT:
                    has_txt = True
                elif rtype == T_SPF:
                    spf_values.append(value)
                if value == "NONE":
                    continue
                if value == "TIMEOUT":
                    zone.add_fault(key, "timeout", rtype)
                    continue
                zone.add(owner, rtype, ttl, _yaml_rdata(rtype, value, where))
                served.add(rtype)
        if not has_txt and not bare_timeout:
            for value in spf_values:
                if value == "NONE":
                    continue
                if value == "TIMEOUT":
                    zone.add_fault(key, "timeout", T_TXT)
                    continue
                zone.add(owner, T_TXT, ttl, _yaml_rdata(T_TXT, value, where))
    return zone


def as_zone(zones):
    """A Zone, a zonedata dict, a zone-file path, or a list of those -> Zone."""
    if isinstance(zones, Zone):
        return zones
    if isinstance(zones, dict) or zones is None:
        return zone_from_zonedata(zones)
    if isinstance(zones, (str, os.PathLike)):
        return load_zone_files([os.fspath(zones)])
    zone = Zone()
    for z in zones:
        zone.merge(as_zone(z))
    return zone


# --------------------------------------------------------------------------
# Queries and answers.

Query = collections.namedtuple(
    "Query", "id opcode rd qname qtype qclass edns edns_size")


def _parse_query(data):
    """-> Query, or an int (the id, to answer FORMERR), or None (drop)."""
    if len(data) < 12:
        return None
    qid, flags = struct.unpack("!HH", data[:4])
    if flags & 0x8000:          # a response: never answer (no loops)
        return None
    opcode = (flags >> 11) & 0xF
    rd = (flags >> 8) & 1
    try:
        msg = DNSRecord.parse(data)
        if len(msg.questions) != 1:
            return qid
        q = msg.questions[0]
        qname = tuple(q.qname.label)
        qtype, qclass = q.qtype, q.qclass
        opt = [r for r in msg.ar if r.rtype == T_OPT]
    except Exception:
        # dnslib refuses labels that are not UTF-8, which are legal DNS
        # names (SPF macros can produce them): read the question ourselves.
        parsed = _parse_query_raw(data)
        if parsed is None:
            return qid
        qname, qtype, qclass, opt = parsed
    edns = bool(opt)
    size = max(CLASSIC_UDP, opt[0].rclass) if opt else CLASSIC_UDP
    return Query(qid, opcode, rd, qname, qtype, qclass, edns, size)


_OptRR = collections.namedtuple("_OptRR", "rtype rclass")


def _parse_query_raw(data):
    """Minimal reader: header counts, one uncompressed question, and an OPT
    record among the additionals. -> (qname, qtype, qclass, [opt]) or None."""
    qd, an, ns, ar = struct.unpack("!4H", data[4:12])
    if qd != 1 or an or ns or ar > 4:
        return None
    off = 12
    labels = []
    while True:
        if off >= len(data):
            return None
        n = data[off]
        off += 1
        if n == 0:
            break
        if n > 63 or off + n > len(data):
            return None
        labels.append(bytes(data[off:off + n]))
        off += n
    if off + 4 > len(data):
        return None
    qtype, qclass = struct.unpack("!HH", data[off:off + 4])
    off += 4
    opt = []
    for _ in range(ar):
        if off >= len(data):
            return None
        if data[off] == 0:
            off += 1
        elif data[off] >= 0xC0:
            off += 2
        else:
            return None     # only the root or a pointer as OPT/other owner
        if off + 10 > len(data):
            return None
        rtype, rclass, _ttl_, rdlen = struct.unpack("!HHIH", data[off:off + 10])
        off += 10 + rdlen
        if rtype == T_OPT:
            opt.append(_OptRR(rtype, rclass))
    return tuple(labels), qtype, qclass, opt


class Server:
    """The DNS server: one asyncio loop, UDP and TCP listeners on one port.

    zones: see as_zone(). max_udp: replaces 512 as the limit without EDNS0
    and caps the size a client offers with EDNS0. log: path, text file or
    callable(proto, name, type). max_chain: CNAME hops chased."""

    def __init__(self, zones, delay_ms=0, max_udp=None, tcp=True,
                 addrs=("127.0.0.1",), port=0, log=None, max_chain=MAX_CHAIN):
        self.zone = as_zone(zones)
        self.max_chain = max(0, min(int(max_chain), MAX_CHAIN_LIMIT))
        self.delay_ms = max(0, int(delay_ms))
        self.max_udp = max_udp
        self.tcp = tcp
        self.addrs = [addrs] if isinstance(addrs, str) else list(addrs)
        self.want_port = port
        self.port = None
        self.queries = collections.deque(maxlen=QUERY_LOG_LEN)
        self._answers = {}
        self._log = log
        self._log_file = None
        self._own_log_file = False
        self._socks = []
        self._transports = []
        self._tcp_servers = []
        self._tasks = set()
        self._tcp_conns = 0
        self._loop = None
        self._thread = None

    # ---- sockets ------------------------------------------------------

    def _bind(self):
        """Bind UDP (and TCP) on every address with one port number. With
        port 0 the kernel picks for the first UDP socket; if that number is
        taken for TCP or another address, try again with a fresh one."""
        last = None
        for _attempt in range(50):
            socks = []
            port = self.want_port
            try:
                for addr in self.addrs:
                    fam = socket.AF_INET6 if ":" in addr else socket.AF_INET
                    kinds = [socket.SOCK_DGRAM] + ([socket.SOCK_STREAM] if self.tcp else [])
                    for kind in kinds:
                        s = socket.socket(fam, kind)
                        socks.append(s)
                        if fam == socket.AF_INET6:
                            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, 1)
                        if kind == socket.SOCK_STREAM:
                            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
                        s.bind((addr, port))
                        port = s.getsockname()[1]
                        if kind == socket.SOCK_STREAM:
                            s.listen(128)
                        s.setblocking(False)
                self._socks = socks
                self.port = port
                return
            except OSError as e:
                last = e
                for s in socks:
                    s.close()
                if self.want_port:
                    break
        raise last

    def _open_log(self):
        if isinstance(self._log, (str, os.PathLike)):
            self._log_file = open(self._log, "a", encoding="utf-8")
            self._own_log_file = True
        elif self._log is not None and not callable(self._log):
            self._log_file = self._log

    def _note(self, proto, q):
        name, tname = name_text(q.qname), type_name(q.qtype)
        self.queries.append((proto, name, tname))
        try:
            if self._log_file is not None:
                self._log_file.write("%s %s %s\n" % (proto, name, tname))
                self._log_file.flush()
            elif callable(self._log):
                self._log(proto, name, tname)
        except Exception:
            pass    # a broken log must not stop the answers

    # ---- answering ----------------------------------------------------

    def _udp_limit(self, q):
        if not q.edns:
            return self.max_udp or CLASSIC_UDP
        return min(q.edns_size, self.max_udp) if self.max_udp else q.edns_size

    def _message(self, q, rcode, answer=(), authority=(), tc=False,
                 qname=None):
        hdr = DNSHeader(id=q.id, qr=1, aa=1, ra=1, rd=q.rd, tc=int(tc),
                        opcode=q.opcode, rcode=rcode)
        qname = q.qname if qname is None else qname
        msg = DNSRecord(hdr, q=DNSQuestion(DNSLabel(qname), q.qtype, q.qclass))
        for owner, rec in answer:
            # The first owner is the question's own spelling (echoed).
            msg.add_answer(RR(DNSLabel(owner), rec.rtype, ttl=rec.ttl, rdata=rec.rdata))
        for rec in authority:
            msg.add_auth(RR(DNSLabel(rec.owner), rec.rtype, ttl=rec.ttl, rdata=rec.rdata))
        if q.edns:
            msg.add_ar(EDNS0(udp_len=EDNS_ADVERTISE))
        return msg.pack()

    def answer(self, data, proto):
        """Raw query -> (raw answer or None to stay silent, delay in s)."""
        wire, delay, _stall = self.answer_ex(data, proto)
        return wire, delay

    def answer_ex(self, data, proto):
        """Raw query -> (raw answer or None, delay in s, stall): with stall
        true a TCP answer is to be cut half-way (the stall directive).

        The zone never changes, so the answer to the same query bytes is
        the same but for the ID: it is packed once and kept. Without this,
        dnslib's packing (~0.4 ms a query, one query at a time) is what a
        benchmark of a many-query client measures."""
        key = (proto, bytes(data[2:])) if len(data) >= 12 else None
        hit = self._answers.get(key) if key is not None else None
        if hit is not None:
            q, tail, delay, mangle = hit
            self._note(proto, q)
            if tail is None:
                return None, delay, False
            return self._with_id(data, tail, mangle), delay, mangle == "stall"
        q = _parse_query(data)
        if q is None:
            return None, 0, False
        if isinstance(q, int):
            hdr = DNSHeader(id=q, qr=1, rd=0, rcode=R_FORMERR)
            return DNSRecord(hdr).pack(), 0, False
        wire, delay, mangle = self._answer_query(q, proto)
        if key is not None:
            if len(self._answers) >= ANSWER_CACHE:
                self._answers.clear()
            self._answers[key] = (q, None if wire is None else wire[2:], delay,
                                  mangle)
        if wire is None:
            return None, delay, False
        return self._with_id(data, wire[2:], mangle), delay, mangle == "stall"

    @staticmethod
    def _with_id(query, tail, mangle):
        """The query's ID (XOR 0xFFFF for the wrongid directive) + the rest."""
        qid = struct.unpack("!H", bytes(query[:2]))[0]
        if mangle == "wrongid":
            qid ^= 0xFFFF
        return struct.pack("!H", qid) + tail

    def _answer_query(self, q, proto):
        """-> (wire or None, delay in s, mangle or None)."""
        self._note(proto, q)
        delay = self.delay_ms
        mangle = None
        try:
            if q.opcode != 0:
                return self._message(q, R_NOTIMP), delay / 1000, None
            if q.qclass not in (1, 255) or q.qtype == T_OPT:
                return (self._message(q, R_REFUSED if q.qtype != T_OPT else R_FORMERR),
                        delay / 1000, None)
            res = self.zone.resolve(q.qname, q.qtype, self.max_chain)
            delay += res["delay_ms"]
            mangle = res["mangle"]
            if res["action"] == "drop":
                return None, 0, None
            qname = WRONG_QUESTION if mangle == "wrongquestion" else None
            if proto == "udp" and (res["truncate"] or mangle == "stall"):
                # stall: TC=1 so that the client comes to TCP, where it stalls.
                return (self._message(q, res["rcode"], tc=True, qname=qname),
                        delay / 1000, mangle)
            wire = self._message(q, res["rcode"], res["answer"], res["authority"],
                                 qname=qname)
            limit = self._udp_limit(q) if proto == "udp" else 65535
            if len(wire) > limit:
                # Too big: TC=1 and no records, so the client retries on TCP.
                wire = self._message(q, res["rcode"], tc=True, qname=qname)
            return wire, delay / 1000, mangle
        except Exception:
            # Data that cannot be packed (say a label over 63 bytes from a
            # YAML name): SERVFAIL, never a crash.
            try:
                return self._message(q, R_SERVFAIL), delay / 1000, None
            except Exception:
                return None, 0, None

    def _spawn(self, coro):
        if len(self._tasks) >= MAX_INFLIGHT:
            coro.close()
            return
        task = asyncio.get_running_loop().create_task(coro)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _later(self, delay, send, wire):
        if delay > 0:
            await asyncio.sleep(delay)
        send(wire)

    # ---- transports ---------------------------------------------------

    class _Udp(asyncio.DatagramProtocol):
        def __init__(self, server):
            self.server = server
            self.transport = None

        def connection_made(self, transport):
            self.transport = transport

        def datagram_received(self, data, addr):
            wire, delay = self.server.answer(data, "udp")
            if wire is None:
                return
            send = lambda w, t=self.transport, a=addr: t.sendto(w, a)
            if delay > 0:
                self.server._spawn(self.server._later(delay, send, wire))
            else:
                send(wire)

        def error_received(self, exc):
            pass    # ICMP unreachable from a client that went away

    async def _tcp_client(self, reader, writer):
        if self._tcp_conns >= MAX_TCP_CONNS:
            writer.close()
            return
        self._tcp_conns += 1
        me = asyncio.current_task()
        self._tasks.add(me)             # so that stop() cancels it
        mine = set()                    # this client's delayed answers
        stalled = []                    # set once a stall answer went out

        def send(wire, w=writer, stall=False):
            if w.is_closing() or stalled:
                return                  # after a stall: nothing, ever
            msg = struct.pack("!H", len(wire)) + wire
            if stall:
                # The length of the whole answer and its first half only.
                msg = msg[:2 + max(1, len(wire) // 2)]
                stalled.append(True)
            w.write(msg)

        try:
            while not stalled:
                head = await asyncio.wait_for(reader.readexactly(2), TCP_IDLE_S)
                (length,) = struct.unpack("!H", head)
                data = await asyncio.wait_for(reader.readexactly(length), TCP_IDLE_S)
                wire, delay, stall = self.answer_ex(data, "tcp")
                if wire is None:
                    continue
                send_it = (lambda w, st=stall: send(w, stall=st))
                if delay > 0:
                    # Answer each when ready: pipelined queries on one
                    # connection must not wait for each other's delay.
                    if len(mine) < 1000 and len(self._tasks) < MAX_INFLIGHT:
                        t = asyncio.get_running_loop().create_task(
                            self._later(delay, send_it, wire))
                        for group in (mine, self._tasks):
                            group.add(t)
                            t.add_done_callback(group.discard)
                else:
                    send_it(wire)
            # Stalled: keep the connection open, read and drop whatever the
            # client sends (its retries), until it closes or goes quiet.
            while await asyncio.wait_for(reader.read(4096), TCP_IDLE_S):
                pass
        except (asyncio.IncompleteReadError, asyncio.TimeoutError,
                ConnectionError, OSError):
            # Client closed or went quiet: answers already scheduled still go
            # out (a half-closed client may wait for them); stop() cancels.
            if mine:
                await asyncio.gather(*mine, return_exceptions=True)
        finally:
            self._tcp_conns -= 1
            self._tasks.discard(me)
            for t in mine:
                t.cancel()
            writer.close()

    async def _start_async(self):
        loop = asyncio.get_running_loop()
        self._loop = loop
        self._open_log()
        for s in self._socks:
            if s.type == socket.SOCK_DGRAM:
                tr, _ = await loop.create_datagram_endpoint(
                    lambda: Server._Udp(self), sock=s)
                self._transports.append(tr)
            else:
                self._tcp_servers.append(
                    await asyncio.start_server(self._tcp_client, sock=s))

    async def _stop_async(self):
        for tr in self._transports:
            tr.close()
        for srv in self._tcp_servers:
            srv.close()
        pending = [t for t in self._tasks if t is not asyncio.current_task()]
        for task in pending:
            task.cancel()
        if pending:
            await asyncio.wait(pending, timeout=2)
        if self._own_log_file and self._log_file is not None:
            self._log_file.close()
            self._log_file = None

    # ---- running ------------------------------------------------------

    async def serve_forever(self, ready=None):
        """Run in the current loop until cancelled. ready(port) is called
        once the listeners are up."""
        if self.port is None:
            self._bind()
        try:
            await self._start_async()
        except BaseException:
            for s in self._socks:       # not yet owned by a transport
                s.close()
            raise
        if ready:
            ready(self.port)
        try:
            await asyncio.Event().wait()
        finally:
            await self._stop_async()

    def start(self):
        """Serve from a background thread. Returns the port."""
        self._bind()
        started = threading.Event()
        failure = []

        def run():
            loop = asyncio.new_event_loop()
            asyncio.set_event_loop(loop)
            try:
                self._main = loop.create_task(
                    self.serve_forever(lambda port: started.set()))
                loop.run_until_complete(self._main)
            except asyncio.CancelledError:
                pass
            except Exception as e:      # bind or log errors reach start()
                failure.append(e)
            finally:
                started.set()
                loop.close()

        self._thread = threading.Thread(target=run, name="dnsserver", daemon=True)
        self._thread.start()
        started.wait(10)
        if failure:
            raise failure[0]
        return self.port

    def stop(self):
        if self._thread is None:
            return
        loop = self._loop
        if loop is not None and not loop.is_closed():
            try:
                loop.call_soon_threadsafe(self._main.cancel)
            except RuntimeError:
                pass    # the loop already ended
        self._thread.join(10)
        self._thread = None


def start_server(zones, delay_ms=0, max_udp=None, tcp=True,
                 addrs=("127.0.0.1",), port=0, log=None, max_chain=MAX_CHAIN):
    """Serve `zones` in a background thread -> (port, stop_fn)."""
    srv = Server(zones, delay_ms=delay_ms, max_udp=max_udp, tcp=tcp,
                 addrs=addrs, port=port, log=log, max_chain=max_chain)
    return srv.start(), srv.stop


# --------------------------------------------------------------------------
# Command line.

def main(argv=None):
    ap = argparse.ArgumentParser(
        prog="dnsserver.py",
        description="DNS server for spfscope's tests: prints its port, "
                    "serves until SIGTERM/SIGINT.")
    ap.add_argument("--addr", action="append",
                    help="address to listen on (repeatable; default 127.0.0.1)")
    ap.add_argument("--port", type=int, default=0, help="port (0: any free one)")
    ap.add_argument("--zone", action="append", default=[], metavar="FILE",
                    help="RFC 1035 master file (repeatable)")
    ap.add_argument("--delay-ms", type=int, default=0, metavar="N",
                    help="delay every answer by N ms (concurrently)")
    ap.add_argument("--max-udp", type=int, metavar="N",
                    help="UDP size limit without EDNS0 (default 512), "
                         "and cap of the size offered with EDNS0")
    ap.add_argument("--no-tcp", action="store_true", help="no TCP listener")
    ap.add_argument("--max-chain", type=int, default=MAX_CHAIN, metavar="N",
                    help="CNAME hops chased before the chain so far is sent "
                         "(default %d)" % MAX_CHAIN)
    ap.add_argument("--log", metavar="FILE",
                    help="append `udp|tcp NAME TYPE` for every query")
    args = ap.parse_args(argv)
    if args.delay_ms < 0 or (args.max_udp is not None and not 12 <= args.max_udp <= 65535) \
            or not 0 <= args.port <= 65535 or not 0 <= args.max_chain <= MAX_CHAIN_LIMIT:
        ap.error("--delay-ms must be >= 0, --max-udp 12-65535, --port 0-65535, "
                 "--max-chain 0-%d" % MAX_CHAIN_LIMIT)
    try:
        zone = load_zone_files(args.zone)
    except ZoneError as e:
        print("dnsserver.py: %s" % e, file=sys.stderr)
        return 2
    srv = Server(zone, delay_ms=args.delay_ms, max_udp=args.max_udp,
                 tcp=not args.no_tcp, addrs=args.addr or ["127.0.0.1"],
                 port=args.port, log=args.log, max_chain=args.max_chain)
    try:
        srv._bind()
    except OSError as e:
        print("dnsserver.py: cannot listen: %s" % e, file=sys.stderr)
        return 1

    def ready(port):
        sys.stdout.write("%d\n" % port)
        sys.stdout.flush()

    async def run():
        main_task = asyncio.current_task()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGTERM, signal.SIGINT):
            loop.add_signal_handler(sig, main_task.cancel)
        await srv.serve_forever(ready)

    try:
        asyncio.run(run())
    except asyncio.CancelledError:
        pass
    except OSError as e:
        print("dnsserver.py: %s" % e, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
