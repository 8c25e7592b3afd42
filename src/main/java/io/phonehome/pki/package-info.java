/**
 * Phonehome's own CA, server and device certificates, PEM files, client-certificate checks and
 * the {@code SSLContext}s of every TLS listener. A leaf: uses only {@code errors}. The only
 * package that uses BouncyCastle or Conscrypt.
 */
package io.phonehome.pki;
