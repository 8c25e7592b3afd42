#!/usr/bin/env python3
"""Fetch every device's per-MAC file from a running Phonehome over one keep-alive HTTPS
connection (answering digest challenges with the given site credentials when asked), write the
files for nginx, and write mac<TAB>own-password for the digest storm.

usage: render_all.py BASE_URL CA_PEM FIRST_MAC_HEX COUNT OUT_DIR PASSWORDS_TSV [SITE_USER SITE_PASSWORD]
"""
import hashlib, http.client, os, re, ssl, sys, urllib.parse

base, ca, first, count, out_dir, pw_file = sys.argv[1:7]
user = sys.argv[7] if len(sys.argv) > 7 else None
password = sys.argv[8] if len(sys.argv) > 8 else None
u = urllib.parse.urlparse(base)
ctx = ssl.create_default_context(cafile=ca)
conn = http.client.HTTPSConnection(u.hostname, u.port, context=ctx, timeout=30)
os.makedirs(out_dir, exist_ok=True)
md5 = lambda s: hashlib.md5(s.encode()).hexdigest()
nc = 0
with open(pw_file, "w") as pw:
    for i in range(int(count)):
        mac = "%012x" % (int(first, 16) + i)
        path = "/%s.cfg" % mac
        ua = "Yealink SIP-T46S 66.86.0.15 " + ":".join(mac[j:j + 2] for j in range(0, 12, 2))
        conn.request("GET", path, headers={"User-Agent": ua})
        r = conn.getresponse()
        body = r.read()
        if r.status == 401 and user:
            c = dict(re.findall(r'(\w+)="?([^",]*)"?', r.getheader("WWW-Authenticate")[7:]))
            nc += 1
            ha1 = md5("%s:%s:%s" % (user, c["realm"], password))
            resp = md5("%s:%s:%08x:abc:auth:%s" % (ha1, c["nonce"], nc, md5("GET:" + path)))
            auth = ('Digest username="%s", realm="%s", nonce="%s", uri="%s", algorithm=MD5, qop=auth, nc=%08x, '
                    'cnonce="abc", response="%s"') % (user, c["realm"], c["nonce"], path, nc, resp)
            conn.request("GET", path, headers={"User-Agent": ua, "Authorization": auth})
            r = conn.getresponse()
            body = r.read()
        if r.status != 200:
            sys.exit("%s: HTTP %d %s" % (path, r.status, body[:200]))
        with open(os.path.join(out_dir, mac + ".cfg"), "wb") as f:
            f.write(body)
        own = re.search(rb"static\.auto_provision\.server\.password = (\S+)", body)
        pw.write("%s\t%s\n" % (mac, own.group(1).decode() if own else ""))
print("rendered %s files into %s" % (count, out_dir))
