/**
 * What happened, for people: the event log in the database (written by one background thread,
 * never blocking the caller), its retention, and the fail2ban-friendly security log. A
 * capability: uses {@code store}; knows no listener.
 */
package io.phonehome.events;
