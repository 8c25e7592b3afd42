/**
 * Remote actions (re-sync, reboot) over many devices at a pace, and the ports the SIP edge
 * implements: {@code DeviceNotifier} (a NOTIFY to one device) and {@code MessageWaiting} (a line's
 * message lamp). A capability: uses {@code inventory} and {@code events}; never the SIP edge itself.
 */
package io.phonehome.actions;
