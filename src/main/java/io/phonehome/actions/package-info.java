/**
 * Remote actions (re-sync, reboot) over many devices at a pace, and the {@code DeviceNotifier}
 * and {@code MessageWaiting} ports
 * the SIP edge implements. A capability: uses {@code inventory} and {@code events}; never
 * the SIP edge itself.
 */
package io.phonehome.actions;
