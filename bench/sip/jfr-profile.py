#!/usr/bin/env python3
"""Where Phonehome's CPU goes during a benchmark, from a JFR recording (JDK 17's `jfr` tool).

    jfr-profile.py recording.jfr [HH:MM:SS]   (only events from that wall-clock time on)

Prints: Java execution samples per thread; the share of samples inside each stage of a
registration (parse, registrar, digest, location, responses, database writer...), counted
inclusively (a sample in DigestMath inside Registrar.handle counts for both); the hottest
methods by own time; GC pauses and JIT compilation time. Execution samples only cover Java
code running on a CPU; sockets and the kernel's loopback work are not in them.
"""
import collections
import re
import subprocess
import sys

if len(sys.argv) not in (2, 3):
    sys.exit(__doc__)
rec = sys.argv[1]
since = sys.argv[2] if len(sys.argv) == 3 else None


def in_window(event_text):
    if since is None:
        return True
    m = re.search(r"startTime = (\d\d:\d\d:\d\d)", event_text)
    return m is None or m.group(1) >= since


def events(kind, depth=64):
    out = subprocess.run(["jfr", "print", "--events", kind, "--stack-depth", str(depth), rec],
                         capture_output=True, text=True, check=True).stdout
    return [e for e in out.split(kind + " {")[1:] if in_window(e)]


STAGES = [
    ("receive + parse (jain-sip)", ["StringMsgParser.parseSIPMessage"]),
    ("  strict checks (Phonehome)", ["StrictMessageParser.headerProblem", "StrictMessageParser.requestLineVersion"]),
    ("registrar (all of REGISTER after parsing)", ["Registrar.handle"]),
    ("  digest: verify", ["DigestAuthenticator.verify"]),
    ("  digest: challenge (nonce + headers)", ["DigestAuthenticator.challenge"]),
    ("  location service", ["LocationService.register"]),
    ("  build responses", ["Replies.create", "Registrar.okResponse"]),
    ("  encode + send responses", ["Replies.send"]),
    ("jain-sip transaction layer (non-REGISTER)", ["DialogFilter.processRequest"]),
    ("database writer (bindings)", ["LocationService.flush"]),
    ("registration reports", ["SipReports.handle"]),
    ("event log writer", ["EventLog.drainLoop"]),
]

samples = events("jdk.ExecutionSample")
threads = collections.Counter()
own = collections.Counter()
stage = collections.Counter()
total = 0
for e in samples:
    m = re.search(r'sampledThread = "([^"]+)"', e)
    thread = re.sub(r"\d+", "N", m.group(1)) if m else "?"
    frames = re.findall(r"^\s+([\w.$<>]+)\(.*?\) line:", e, re.M)
    if not frames:
        continue
    total += 1
    threads[thread] += 1
    own[frames[0]] += 1
    for name, keys in STAGES:
        if any(any(k in f for k in keys) for f in frames):
            stage[name] += 1

print(f"Java execution samples: {total}")
print("\nby thread:")
for t, c in threads.most_common(10):
    print(f"  {100 * c / total:5.1f}%  {t}")
print("\nby stage (inclusive):")
for name, _ in STAGES:
    print(f"  {100 * stage[name] / max(total, 1):5.1f}%  {name}")
print("\nhottest methods (own time):")
for f, c in own.most_common(25):
    print(f"  {100 * c / total:5.1f}%  {f}")

gc = events("jdk.GarbageCollection", 1)
pauses = [float(x) for x in re.findall(r"sumOfPauses = ([\d.]+) ms", "".join(gc))]
print(f"\nGC: {len(gc)} collections, {sum(pauses):.0f} ms of pauses")
comp = events("jdk.Compilation", 1)
durations = []
for c in comp:
    m = re.search(r"duration = ([\d.]+) (ms|s)", c)
    if m:
        durations.append(float(m.group(1)) * (1000 if m.group(2) == "s" else 1))
print(f"JIT: {len(comp)} compilations recorded, {sum(durations):.0f} ms (JFR records those above its threshold)")
