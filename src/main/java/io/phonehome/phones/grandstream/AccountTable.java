package io.phonehome.phones.grandstream;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The SIP account table that the HT81x adapters (one row per FXS port) and the DP75x DECT bases (one
 * row per SIP account) share: row n (1-based) has its user id at P4059+n, auth id P4089+n, password
 * P4119+n, name P4179+n, profile P4149+n (0 = profile 1) and active flag P4594+n, and every row
 * registers through profile 1 (P271 active, P47 server, P967 failover, P31 registration, P32
 * expiry in minutes, P130 transport, P183 SRTP, P243 proxy only). Sources: FusionPBX
 * {@code resources/templates/provision/grandstream/ht814|ht818/{$mac}.xml} ("FXS Ports",
 * "Profile 1 Settings") and {@code grandstream/dp750/{$mac}.xml} ("SIP User ID for SIP account 1 -
 * 10", "Profile Settings for SIP account 1 - 10", "Active").
 */
final class AccountTable {
    /** Rows the sources number: eight FXS ports on the HT818, ten accounts on the DP750. */
    static final int MAX_ROWS = 10;

    private AccountTable() {
    }

    /** Row n's element names. */
    static Map<String, Object> row(int n) {
        if (n < 1 || n > MAX_ROWS) {
            throw new IllegalArgumentException("the Grandstream account table has rows 1 to " + MAX_ROWS + ", not " + n);
        }
        int i = n - 1;
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("row", n);
        m.put("user_id", p(4060 + i));
        m.put("auth_id", p(4090 + i));
        m.put("password", p(4120 + i));
        m.put("name", p(4180 + i));
        m.put("profile", p(4150 + i));
        m.put("enable", p(4595 + i));
        return m;
    }

    /**
     * The index of the line whose registrar, transport, SRTP and expiry profile 1 carries; refuses
     * lines that need different ones, since every row registers through that one profile.
     */
    static int sharedProfileLine(String modelName, String rowsAre, List<ConfigModel.LineInfo> lines) {
        ConfigModel.LineInfo first = lines.get(0);
        for (ConfigModel.LineInfo l : lines.subList(1, lines.size())) {
            if (!Objects.equals(first.server(), l.server()) || !Objects.equals(first.backup(), l.backup())
                    || first.transport() != l.transport() || first.srtp() != l.srtp() || first.expiresSeconds() != l.expiresSeconds()) {
                throw new RenderException("the " + rowsAre + " of a " + modelName + " all register through one profile, but line " + l.index()
                        + " (" + describe(l) + ") differs from line " + first.index() + " (" + describe(first)
                        + "): give the device's lines the same transport and SRTP mode");
            }
        }
        return first.index();
    }

    private static String describe(ConfigModel.LineInfo l) {
        return l.transport().name().toLowerCase(Locale.ROOT) + ", SRTP " + l.srtp().name().toLowerCase(Locale.ROOT)
                + ", " + l.server().host() + ":" + l.server().port() + ", expiry " + l.expiresSeconds() + " s";
    }

    static String p(int n) {
        return "P" + n;
    }
}
