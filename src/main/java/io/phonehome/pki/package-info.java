/**
 * Phonehome's own CA, server and device certificates, the operator's own certificate files
 * and the shared key manager that presents one or the other ({@code ServerKeys}, reloaded when
 * the files change), the ACME client that obtains and renews a certificate for {@code public_host}
 * ({@code AcmeIssuer}, {@code AcmeRenewal}), PEM files, client-certificate checks and
 * the {@code SSLContext}s of every TLS listener. A leaf: uses only {@code errors}. The only
 * package that uses BouncyCastle, Conscrypt or acme4j.
 */
package io.phonehome.pki;
