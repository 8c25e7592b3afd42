package io.phonehome.phones.grandstream;

import java.util.regex.Pattern;

/**
 * The Grandstream families whose phonebook XML download takes HTTP/HTTPS credentials of its own
 * ("HTTP/HTTPS User Name" P6713, "Password" P6714, beside P330-P332), so that Phonehome can give
 * them the device's own: the families whose FusionPBX template documents the pair
 * ({@code resources/templates/provision/grandstream/}: {@code gxp17xx}, {@code grp26xx} and
 * {@code grp2612..grp2616}, {@code wp810}, {@code wp820}, {@code gxv3240}, {@code gac2500},
 * {@code dp750}). The GXP21xx, GXP16xx, GXP14xx, GXP11xx, GXP2200 and older GXV templates have
 * P330-P332 but not the pair, so those phones are not given it; the HT adapters get no phonebook.
 */
final class PhonebookCredentials {
    private static final Pattern MODELS = Pattern.compile("GXP17\\d\\dW?|GRP26\\d\\d[PW]?|WP8[12]0|GXV3240|GAC2500|DP75\\d");

    private PhonebookCredentials() {
    }

    /** Whether {@code model} (the catalog's name) is given P6713/P6714 with its phonebook. */
    static boolean documented(String model) {
        return MODELS.matcher(model).matches();
    }
}
