package io.phonehome.phones.grandstream;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The P-value numbers of one SIP account on the GXP21xx / GRP261x firmware. Account 1 has its
 * historical numbers (P271, P47, P35...); accounts 2 to 4 live in the P4xx, P5xx, P6xx blocks and
 * accounts 5 and 6 in the P17xx and P18xx blocks, each block with the same layout (+1 active,
 * +2 server, +4 user id, +5 auth id, +6 password, +7 name, +10 registration, +12 expiry,
 * +17 account name, +43 SRTP, +48 transport). The secondary server and "accept SIP from proxy only"
 * follow a P2x12 / P2x47 pattern, "Allow SIP Reset" a P26x15 pattern, for every account including
 * the first. "SIP URI Scheme when using TLS" (0 sip, 1 sips, default 1) follows the same P2x29 pattern:
 * P2329, P2429, P2529, P2629, P2729, P2829 (FusionPBX {@code gxp21xx/{$mac}.xml} accounts 1-6,
 * {@code gxp16xx} and {@code grp26xx} accounts 1-3). "SUBSCRIBE for MWI" (0 no, the default, 1 yes) is
 * P99 for account 1 and +15 in the other blocks (P415 ... P1815), "Voice Mail UserID" (the number the
 * message key dials) P33 and +26 (P426 ... P1826), "BLF Call-pickup Prefix" P1347 and +81 (P481 ...
 * P1881): FusionPBX {@code gxp21xx/{$mac}.xml} accounts 1-6.
 *
 * <p>Sources: the Grandstream configuration templates for "GXP21xx firmware 1.0.5.32" (accounts
 * 1-6 in full) and "GXP2130/2140/2160/2170/2135 firmware 1.0.9.127" (P26015 for account 1, the
 * P261xx numbers of account 2), as shipped in FusionPBX
 * {@code resources/templates/provision/grandstream/gxp21xx|gxp2170/{$mac}.xml}; the GRP2614/GRP2616
 * templates there use the same numbers. wazo-provd's generic {@code P{line+2}01} rule is wrong from
 * account 5 on (it would write P701), which is why the table is explicit.
 */
record AccountPValues(int account, int active, int server, int secondaryServer, int userId, int authId, int password,
                      int displayName, int registration, int expiresMinutes, int accountName, int srtp, int transport,
                      int allowSipReset, int acceptFromProxyOnly, int uriSchemeWhenTls, int subscribeMwi,
                      int voicemailUserId, int blfPickupPrefix) {

    /** Accounts whose numbers are known; a model declaring more cannot be rendered. */
    static final int MAX_ACCOUNT = 6;

    static AccountPValues of(int account) {
        if (account < 1 || account > MAX_ACCOUNT) {
            throw new IllegalArgumentException("Grandstream P-values are known for accounts 1 to " + MAX_ACCOUNT + ", not " + account);
        }
        int secondary = 2000 + 100 * (account + 2) + 12; // P2312, P2412 ... P2812
        int proxyOnly = 2000 + 100 * (account + 2) + 47; // P2347, P2447 ... P2847
        int sipReset = 26015 + 100 * (account - 1); // P26015, P26115 ... P26515
        int uriScheme = 2000 + 100 * (account + 2) + 29; // P2329, P2429 ... P2829
        if (account == 1) {
            return new AccountPValues(1, 271, 47, secondary, 35, 36, 34, 3, 31, 32, 270, 183, 130, sipReset, proxyOnly, uriScheme, 99, 33, 1347);
        }
        int base = account <= 4 ? 100 * (account + 2) : 100 * (account + 12); // 400, 500, 600, 1700, 1800
        return new AccountPValues(account, base + 1, base + 2, secondary, base + 4, base + 5, base + 6, base + 7, base + 10,
                base + 12, base + 17, base + 43, base + 48, sipReset, proxyOnly, uriScheme, base + 15, base + 26, base + 81);
    }

    /** Element names for the template, e.g. {@code server -> "P47"}. */
    Map<String, Object> toTemplateData() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", account);
        m.put("active", p(active));
        m.put("server", p(server));
        m.put("secondary_server", p(secondaryServer));
        m.put("user_id", p(userId));
        m.put("auth_id", p(authId));
        m.put("password", p(password));
        m.put("display_name", p(displayName));
        m.put("registration", p(registration));
        m.put("expires_minutes", p(expiresMinutes));
        m.put("account_name", p(accountName));
        m.put("srtp", p(srtp));
        m.put("transport", p(transport));
        m.put("allow_sip_reset", p(allowSipReset));
        m.put("accept_from_proxy_only", p(acceptFromProxyOnly));
        m.put("uri_scheme_when_tls", p(uriSchemeWhenTls));
        m.put("subscribe_mwi", p(subscribeMwi));
        m.put("voicemail_user_id", p(voicemailUserId));
        m.put("blf_pickup_prefix", p(blfPickupPrefix));
        return m;
    }

    private static String p(int n) {
        return "P" + n;
    }
}
