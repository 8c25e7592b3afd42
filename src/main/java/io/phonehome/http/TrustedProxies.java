package io.phonehome.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * The addresses allowed to send a PROXY header ({@code trusted_proxies}: addresses or CIDR
 * blocks). Only these may speak for a phone: anyone else could otherwise claim a trusted
 * network's address or another phone's budget.
 */
public final class TrustedProxies {
    /** No proxy: the listeners take every connection's own address, as without this feature. */
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private record Block(byte[] network, int bits) {
        boolean contains(byte[] address) {
            if (address.length != network.length) {
                return false;
            }
            int full = bits / 8;
            for (int i = 0; i < full; i++) {
                if (address[i] != network[i]) {
                    return false;
                }
            }
            int restBits = bits % 8;
            if (restBits == 0) {
                return true;
            }
            int mask = (0xFF << (8 - restBits)) & 0xFF;
            return (address[full] & mask) == (network[full] & mask);
        }
    }

    private final List<Block> blocks;

    private TrustedProxies(List<Block> blocks) {
        this.blocks = List.copyOf(blocks);
    }

    /**
     * @param entries literal addresses or {@code address/bits}; never host names
     * @throws IllegalArgumentException naming the first entry that is neither
     */
    public static TrustedProxies of(List<String> entries) {
        List<Block> blocks = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim();
            if (e.isEmpty()) {
                continue;
            }
            int slash = e.indexOf('/');
            String host = slash < 0 ? e : e.substring(0, slash);
            byte[] address = literal(host);
            if (address == null) {
                throw new IllegalArgumentException("trusted_proxies: '" + e + "' is not an IP address or CIDR block");
            }
            int bits = address.length * 8;
            if (slash >= 0) {
                try {
                    bits = Integer.parseInt(e.substring(slash + 1));
                } catch (NumberFormatException nfe) {
                    bits = -1;
                }
                if (bits < 0 || bits > address.length * 8) {
                    throw new IllegalArgumentException("trusted_proxies: '" + e + "' has a prefix length out of range");
                }
            }
            blocks.add(new Block(address, bits));
        }
        return new TrustedProxies(blocks);
    }

    private static byte[] literal(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** True when no proxy is configured: listeners do not look for PROXY headers at all. */
    public boolean isEmpty() {
        return blocks.isEmpty();
    }

    public boolean trusts(InetAddress address) {
        if (address == null) {
            return false;
        }
        byte[] a = address.getAddress();
        for (Block b : blocks) {
            if (b.contains(a)) {
                return true;
            }
        }
        return false;
    }
}
