package io.phonehome.phones;

import io.phonehome.inventory.Mac;

/**
 * What a phone's HTTP User-Agent says about it, as its plug-in reads it.
 *
 * @param model    the model in the catalog's spelling where the plug-in can tell, or null
 * @param firmware the firmware version it reports, or null
 * @param mac      the MAC it names, or null (older firmware sends none)
 */
public record AgentInfo(String model, String firmware, Mac mac) {
}
