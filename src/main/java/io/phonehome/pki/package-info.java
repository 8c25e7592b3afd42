/**
 * Phonehome's own CA, server and device certificates, the operator's own certificate files
 * and the shared key manager that presents one or the other ({@code ServerKeys}, reloaded when
 * the files change), PEM files, client-certificate checks and
 * the {@code SSLContext}s of every TLS listener. A leaf: uses only {@code errors}. The only
 * package that uses BouncyCastle or Conscrypt.
 */
package io.phonehome.pki;
