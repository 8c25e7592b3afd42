/**
 * Firmware images: the catalog under {@code firmware/}, target versions per model, site and
 * device, the resolver that puts upgrade keys into configs, ranged downloads with per-device
 * tokens, and paced upgrade campaigns. A capability: uses {@code inventory}, {@code actions},
 * {@code sip.location}, {@code events}, the plug-in package, and Undertow for its download
 * handler; never an edge.
 */
package io.phonehome.firmware;
