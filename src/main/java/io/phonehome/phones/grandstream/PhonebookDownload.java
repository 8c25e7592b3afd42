package io.phonehome.phones.grandstream;

import java.util.regex.Pattern;

/**
 * The Grandstream phonebook download's values that differ between families. Credentials: the
 * families whose phonebook XML download takes HTTP/HTTPS credentials of its own
 * ("HTTP/HTTPS User Name" P6713, "Password" P6714, beside P330-P332), so that Phonehome can give
 * them the device's own: the families whose FusionPBX template documents the pair
 * ({@code resources/templates/provision/grandstream/}: {@code gxp17xx}, {@code grp26xx} and
 * {@code grp2612..grp2616}, {@code wp810}, {@code wp820}, {@code gxv3240}, {@code gac2500},
 * {@code dp750}). The GXP21xx, GXP16xx, GXP14xx, GXP11xx, GXP2200 and older GXV templates have
 * P330-P332 but not the pair, so those phones are not given it; the HT adapters get no phonebook.
 */
final class PhonebookDownload {
    private static final Pattern MODELS = Pattern.compile("GXP17\\d\\dW?|GRP26\\d\\d[PW]?|WP8[12]0|GXV3240|GAC2500|DP75\\d");

    private static final int[] DOWNLOAD_MINUTES = {120, 240, 360, 480, 720};

    private PhonebookDownload() {
    }

    /**
     * The "Phonebook Download Interval" (P332) closest above {@code refreshMinutes} that every
     * family accepts: the GRP261x, GXP2130-GXP2170, WP820, GXV and GAC templates list only 0, 120,
     * 240, 360, 480 and 720 minutes, the others 5-720 (FusionPBX templates above), so a value the
     * first group does not list could leave the phone never refreshing.
     */
    static int downloadMinutes(int refreshMinutes) {
        for (int m : DOWNLOAD_MINUTES) {
            if (refreshMinutes <= m) {
                return m;
            }
        }
        return DOWNLOAD_MINUTES[DOWNLOAD_MINUTES.length - 1];
    }

    /** Whether {@code model} (the catalog's name) is given P6713/P6714 with its phonebook. */
    static boolean takesCredentials(String model) {
        return MODELS.matcher(model).matches();
    }
}
