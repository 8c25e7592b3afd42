/**
 * Credentials math shared by HTTP and SIP: digest computations, stateless nonces and the
 * per-address limiter of failed attempts, and the slow salted hash of PINs (hot desking, mailboxes). A leaf: uses nothing of Phonehome; holds no
 * inventory and sends nothing.
 */
package io.phonehome.auth;
