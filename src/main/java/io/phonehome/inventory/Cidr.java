package io.phonehome.inventory;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An IPv4 or IPv6 network in CIDR notation ({@code 10.1.0.0/16}, {@code 2001:db8::/32}, or a single address). */
public final class Cidr {
    private final byte[] network;
    private final int prefix;
    private final String text;

    private Cidr(byte[] network, int prefix, String text) {
        this.network = network;
        this.prefix = prefix;
        this.text = text;
    }

    public static Cidr parse(String s) {
        String t = s.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9a-fA-F:.]+")) {
            throw new InventoryException("'" + t + "' is not a network (expected e.g. 10.1.0.0/16)");
        }
        byte[] bytes;
        try {
            bytes = InetAddress.getByName(addr).getAddress(); // literal only: checked above, so no DNS lookup
        } catch (UnknownHostException e) {
            throw new InventoryException("'" + t + "' is not a network (expected e.g. 10.1.0.0/16)");
        }
        int max = bytes.length * 8;
        int prefix = max;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                throw new InventoryException("'" + t + "': prefix length is not a number");
            }
            if (prefix < 0 || prefix > max) {
                throw new InventoryException("'" + t + "': prefix length must be 0.." + max);
            }
        }
        return new Cidr(bytes, prefix, t);
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (a.length != network.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xff << (8 - rest)) & 0xff;
        return (a[full] & mask) == (network[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
