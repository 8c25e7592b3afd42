/**
 * What happened, for people: the event log in the database (written by one background thread,
 * never blocking the caller), its retention, the fail2ban-friendly security log, and the main
 * log's file: both files rolled by logback with {@code LogRetention}, one line per event, the
 * main log as text or JSON. A
 * capability: uses {@code store}; knows no listener.
 */
package io.phonehome.events;
