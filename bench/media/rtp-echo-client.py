#!/usr/bin/env python3
"""Client-side RTP for the echo benchmark: one UDP socket per call, 20 ms PCMU packets, counts.

   rtp-echo-client.py MAPFILE CALLS HOLD_S SERVER_PIDS

SIPp does the signalling (echo-call.xml) and logs "MAP <local_port> <remote_ip> <remote_port>"
to MAPFILE for each answered call (its <log> action; other lines are ignored); this program waits for CALLS such lines, then sends from
every local port (the port the call's SDP offered, so symmetric RTP brings the echo back to it)
one 172-byte RTP packet (12 header + 160 PCMU bytes = 20 ms) per call every 20 ms for HOLD_S
seconds, on one absolute 20 ms clock, and reads the echoes with epoll.

SIPp 3.6 cannot count the RTP it receives (rtp_stream / play_pcap_audio only send, -rtp_echo
only reflects) and neither tshark nor tcpdump is installed here, hence this counter.

Prints one line "RESULT key=value ..." with: sent, received (echoes that arrived during the hold
and up to 0.2 s after), loss %, the server's CPU (utime+stime of SERVER_PIDS from /proc, all
threads) over the send window, and interarrival jitter (RFC 3550 section 6.4.1, per stream,
from each echo's arrival time and its RTP timestamp) as p50/p99/max over the streams. The
jitter includes this client's own scheduling delay on a shared machine: an upper bound.
"""
import os, select, socket, struct, sys, time

mapfile, calls, hold, pids = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), sys.argv[4].split(',')
TICKS = os.sysconf('SC_CLK_TCK')


def cpu_ticks():
    t = 0
    for p in pids:
        try:
            with open(f'/proc/{p}/stat') as f:
                fields = f.read().rsplit(')', 1)[1].split()
            t += int(fields[11]) + int(fields[12])
        except (OSError, IndexError, ValueError):
            pass
    return t


# ---- wait for CALLS answered calls
deadline = time.monotonic() + 15 + calls / 50
streams = {}
while time.monotonic() < deadline:
    try:
        with open(mapfile) as f:
            lines = [l.split()[1:4] for l in f if l.startswith('MAP ') and len(l.split()) >= 4]
    except OSError:
        lines = []
    if len(lines) >= calls:
        break
    time.sleep(0.2)
lines = lines[:calls]
if len(lines) < calls:
    print(f'RESULT answered={len(lines)} calls={calls} error=not_all_answered', flush=True)
ep = select.epoll()
socks = []
for i, (lport, rip, rport) in enumerate(lines):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 18)
    s.bind(('127.0.0.1', int(lport)))
    s.setblocking(False)
    s.connect((rip, int(rport)))
    ep.register(s.fileno(), select.EPOLLIN)
    # per stream: received, jitter J (in RTP units), last transit
    streams[s.fileno()] = [0, 0.0, None, None]
    socks.append(s)

payload = b'\xff' * 160  # PCMU silence
ssrc_base = 0x5eed0000
received_total = 0
jitters = []


def drain(timeout):
    global received_total
    for fd, _ in ep.poll(timeout):
        st = streams[fd]
        s = fd_sock[fd]
        while True:
            try:
                data = s.recv(2048)
            except BlockingIOError:
                break
            except ConnectionRefusedError:
                break
            now = time.monotonic()
            if len(data) < 12:
                continue
            ts = struct.unpack_from('!I', data, 4)[0]
            transit = now * 8000 - ts
            if st[2] is not None:
                d = abs(transit - st[2])
                if d < 8000 * 5:  # a timestamp jump (new source) is not jitter
                    st[1] += (d - st[1]) / 16
            st[2] = transit
            if st[3] is None or transit < st[3]:
                st[3] = transit
            st[0] += 1
            received_total += 1


fd_sock = {s.fileno(): s for s in socks}
# What arrived before the window (baresip sends from the moment it answers) is not an echo.
drain(0)
received_total = 0
for st in streams.values():
    st[0] = 0
n_ticks = int(hold * 50)
sent = 0
send_errors = 0
cpu0 = cpu_ticks()
t0 = time.monotonic()
late_ticks = 0
for t in range(n_ticks):
    hdr_seq = t & 0xffff
    ts = (t * 160) & 0xffffffff
    for i, s in enumerate(socks):
        pkt = struct.pack('!BBHII', 0x80, 0, hdr_seq, ts, ssrc_base + i) + payload
        try:
            s.send(pkt)
            sent += 1
        except OSError:
            send_errors += 1
    nxt = t0 + (t + 1) * 0.020
    while True:
        left = nxt - time.monotonic()
        if left <= 0:
            if left < -0.010:
                late_ticks += 1
            break
        drain(left)
t1 = time.monotonic()
cpu1 = cpu_ticks()
# Echoes still in flight: 0.2 s (10 packet times) is far above any echo delay seen here, and
# short enough that a clock-driven server (baresip keeps sending while the call lasts) adds
# at most 10 packets per call beyond the window.
end = time.monotonic() + 0.2
while time.monotonic() < end:
    drain(0.05)
window = t1 - t0


def udp_drops(ports):
    """Datagrams the kernel dropped so far on the loopback UDP sockets bound to these ports."""
    hexports = {'%04X' % p for p in ports}
    d = 0
    with open('/proc/net/udp') as f:
        next(f)
        for line in f:
            cols = line.split()
            if cols[1].split(':')[1] in hexports:
                d += int(cols[-1])
    return d


per_call = sorted(st[0] for st in streams.values())
# how much later than at its quickest each call's last echo came back: a backlog that built up
growth_ms = sorted((st[2] - st[3]) / 8.0 for st in streams.values() if st[3] is not None)
short_calls = sum(1 for r in per_call if r < n_ticks)
client_drops = udp_drops({int(l[0]) for l in lines})
server_drops = udp_drops({int(l[2]) for l in lines})
cpu_s = (cpu1 - cpu0) / TICKS
jit_ms = sorted(st[1] / 8.0 for st in streams.values() if st[0] > 1)


def pct(v, p):
    return v[min(len(v) - 1, int(len(v) * p))] if v else float('nan')


loss = 100.0 * (sent - received_total) / sent if sent else float('nan')
per_pkt = 1e6 * cpu_s / received_total if received_total else float('nan')
# per packet the server took in (each one it must read, and echo): comparable for a clock-driven
# server that sends whether or not it hears anything (baresip)
per_sent = 1e6 * cpu_s / sent if sent else float('nan')
print('RESULT calls=%d sent=%d received=%d loss_pct=%.3f send_errors=%d window_s=%.2f late_ticks=%d '
      'server_cpu_s=%.2f server_cpu_pct=%.1f cpu_us_per_echoed_pkt=%.1f cpu_us_per_sent_pkt=%.1f cpu_ms_per_call_s=%.3f '
      'jitter_p50_ms=%.2f jitter_p99_ms=%.2f jitter_max_ms=%.2f client_sock_drops=%d server_sock_drops=%d calls_short=%d min_call_received=%d delay_growth_p50_ms=%.0f delay_growth_max_ms=%.0f'
      % (len(socks), sent, received_total, loss, send_errors, window, late_ticks, cpu_s, 100 * cpu_s / window,
         per_pkt, per_sent, 1000 * cpu_s / window / max(1, len(socks)), pct(jit_ms, 0.5), pct(jit_ms, 0.99),
         jit_ms[-1] if jit_ms else float('nan'), client_drops, server_drops, short_calls, per_call[0] if per_call else 0, pct(growth_ms, 0.5), growth_ms[-1] if growth_ms else float('nan')), flush=True)
