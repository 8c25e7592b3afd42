package io.phonehome.inventory;

import java.util.Map;
import java.util.Optional;

/**
 * One supported device model, as listed in {@code models.csv}. Everything a vendor plug-in needs
 * to know about a model of a family it already supports (its common-file id, its number of
 * accounts) is data here, so adding such a model needs no code.
 *
 * @param family     how lines are carried: {@code desk} (also conference, Wi-Fi and video phones);
 *                   {@code ata} (an analog adapter whose FXS ports are its lines, one account per
 *                   port, port N = line N; imported like a desk phone, HT814); {@code dect} (a base
 *                   whose handsets pick among the base's accounts, W70B); {@code dect-multicell} (a
 *                   DECT manager with one account per handset, W90DM); {@code dect-base} (a radio
 *                   base without accounts of its own, W90B)
 * @param accounts   SIP accounts the device can hold
 * @param handsets   DECT handsets it can hold (0 for desk phones)
 * @param attributes vendor-specific facts, e.g. {@code common_id=108} for Yealink
 */
public record ModelInfo(String vendor, String model, String family, int accounts, int handsets, Map<String, String> attributes) {
    public ModelInfo {
        attributes = Map.copyOf(attributes);
    }

    public boolean isDect() {
        return family.startsWith("dect");
    }

    /** An analog adapter: its lines are its FXS ports, line N on port N. */
    public boolean isAnalogAdapter() {
        return family.equals("ata");
    }

    /** One account per handset, account index = handset index (W90). */
    public boolean oneAccountPerHandset() {
        return family.equals("dect-multicell");
    }

    public Optional<String> attribute(String name) {
        return Optional.ofNullable(attributes.get(name));
    }
}
