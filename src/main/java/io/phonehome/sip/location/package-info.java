/**
 * The registrar's location service: which contacts each line has registered, with RFC 3261
 * rules, held in memory and written behind to the database. A capability: uses {@code store};
 * no jain-sip, so the admin API can read registrations without the SIP edge.
 */
package io.phonehome.sip.location;
