/**
 * Remote actions (re-sync, reboot) over many devices at a pace, and the ports the SIP edge
 * implements: {@code DeviceNotifier} (a NOTIFY to one device) and {@code MessageWaiting} (a line's
 * message lamp). Mass actions are rows any node on the database claims ({@code ActionJobRepository}).
 * A capability: uses {@code inventory}, {@code events} and {@code store}; never the SIP edge itself.
 */
package io.phonehome.actions;
