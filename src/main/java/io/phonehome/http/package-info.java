/**
 * Undertow plumbing shared by the listeners: building a listener with its limits, safe request
 * paths, bounded request bodies, status exceptions and the one problem+json mapper. A leaf: uses
 * only {@code errors}; knows no route, device or vendor.
 */
package io.phonehome.http;
