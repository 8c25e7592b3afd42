/**
 * The SIP edge on jain-sip: registrar, digest authentication, NOTIFY check-sync, call routing
 * between registered phones, and guards against floods and scanners. Uses capabilities and
 * leaves, never another edge; the only package that uses jain-sip.
 */
package io.phonehome.sip;
