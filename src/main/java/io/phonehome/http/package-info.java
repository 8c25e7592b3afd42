/**
 * Undertow plumbing shared by the listeners: building a listener with its limits, safe request
 * paths, bounded request bodies, status exceptions and the one problem+json mapper; behind a load
 * balancer in TCP mode, the PROXY protocol header read before TLS and believed only from the
 * configured proxies ({@code ProxyProtocolListener}); on TLS, a sink that gives the engine one
 * direct buffer per write ({@code OneDirectBufferSink}). {@code HttpServer} opens the listeners
 * itself, on Undertow's worker, to put these under a connection. A leaf: uses only {@code errors}; knows no
 * route, device or vendor.
 */
package io.phonehome.http;
