#!/usr/bin/env python3
"""Where Phonehome's CPU goes during a benchmark, from a `perf record -p <java pid>` sampling
(no call graphs) and the JIT symbol map `jcmd <pid> Compiler.perfmap` wrote to /tmp/perf-<pid>.map.

    perf-profile.py perf.data

Prints the share of CPU samples per thread (perf keeps the first 15 characters of the name),
per kind of code (kernel, JVM, JIT-compiled Java by library, interpreter...) and the hottest
symbols. Every sample is CPU time of the Phonehome process, kernel time included (socket calls,
loopback delivery done in its syscalls). Compiled Java shows as the compiled method: code C2
inlined into it counts for the method it was inlined into.
"""
import collections
import re
import subprocess
import sys

if len(sys.argv) != 2:
    sys.exit(__doc__)
out = subprocess.run(["perf", "script", "-i", sys.argv[1], "-F", "comm,tid,ip,sym,dso"],
                     capture_output=True, text=True, check=True).stdout

# perf script: "<comm> <tid> <ip> <sym> (<dso>)"; comm and sym may contain spaces
line_re = re.compile(r"^\s*(.+?)\s+\d+\s+[0-9a-f]+\s+(.*?)\s*\(([^()]*)\)\s*$")

JAVA_KINDS = [
    ("Java: jain-sip (parse, encode, transport)", ("gov.nist.", "javax.sip.", "android.gov.nist.")),
    ("Java: Phonehome SIP (registrar, digest, location)", ("io.phonehome.sip", "io.phonehome.auth")),
    ("Java: Phonehome other", ("io.phonehome.",)),
    ("Java: H2 database (binding writes)", ("org.h2.",)),
    ("Java: JDK (collections, strings, crypto, NIO)", ("java.", "javax.", "jdk.", "sun.", "com.sun.")),
]


def kind(comm, sym, dso):
    if "kernel" in dso:
        return "kernel (syscalls, UDP/loopback, scheduling)"
    if dso.startswith("perf-") or dso.endswith(".map") or "/tmp/perf-" in dso:
        if sym.startswith("Interpreter") or "Interpreter" in sym:
            return "Java: interpreter"
        name = re.sub(r"^\S+\s+(?=[\w.$]+[.:])", "", sym)  # drop a leading return type
        name = name.replace("::", ".")
        for label, prefixes in JAVA_KINDS:
            if name.startswith(prefixes):
                return label
        if "(" in name:
            return "Java: other code"
        return "JIT stubs and runtime code"
    if "libjvm" in dso:
        if comm.startswith(("GC Thread", "VM Thread", "GC ")):
            return "JVM: garbage collection"
        if "Compiler" in comm:
            return "JVM: JIT compilers"
        return "JVM: runtime in application threads"
    if "libc" in dso or "libpthread" in dso:
        return "libc"
    if dso.startswith("lib") or "/lib" in dso:
        return "JDK native libraries (libnio, libnet, libjava...)"
    return "other (" + dso + ")"


threads = collections.Counter()
kinds = collections.Counter()
syms = collections.Counter()
total = 0
for raw in out.splitlines():
    m = line_re.match(raw)
    if not m:
        continue
    comm, sym, dso = m.group(1).strip(), m.group(2).strip(), m.group(3).strip()
    dso_name = dso.rsplit("/", 1)[-1]
    total += 1
    threads[re.sub(r"\d+", "N", comm)] += 1
    kinds[kind(comm, sym, dso_name)] += 1
    syms[(sym or "?")[:110] + "  [" + dso_name + "]"] += 1

if total == 0:
    sys.exit("no samples")
print(f"CPU samples: {total}")
print("\nby thread:")
for t, c in threads.most_common(12):
    print(f"  {100 * c / total:5.1f}%  {t}")
print("\nby kind of code:")
for k, c in kinds.most_common():
    print(f"  {100 * c / total:5.1f}%  {k}")
print("\nhottest symbols (own time):")
for s, c in syms.most_common(30):
    print(f"  {100 * c / total:5.1f}%  {s}")
