package io.phonehome.phones;

import io.phonehome.inventory.Mac;

/**
 * What a plug-in recognised in a request, and how sure it is.
 *
 * @param score       how well the plug-in recognises the request: higher wins. By convention
 *                    50 for the vendor's User-Agent, 30 for a file name only this vendor uses,
 *                    10 for a file name shared with other vendors ({@code <mac>.cfg}), +5 for a
 *                    MAC with one of the vendor's OUIs
 * @param kind        per-device or common file
 * @param pathMac     the MAC in the file name, or null
 * @param agentMac    the MAC in the User-Agent, or null
 * @param model       the model as the phone reports it (normalised to the catalog's spelling
 *                    where the plug-in can), or null
 * @param firmware    the firmware version the phone reports, or null
 * @param template    the template to render (relative to {@code templates/<vendor>/})
 * @param contentType the Content-Type of the response
 */
public record Identification(String vendor, int score, FileKind kind, Mac pathMac, Mac agentMac, String model,
                             String firmware, String template, String contentType) {

    /** The device's MAC: from the path when it has one, else from the User-Agent. */
    public Mac mac() {
        return pathMac != null ? pathMac : agentMac;
    }

    /** True when path and User-Agent both carry a MAC and they differ: the request is refused. */
    public boolean macsDisagree() {
        return pathMac != null && agentMac != null && !pathMac.equals(agentMac);
    }
}
