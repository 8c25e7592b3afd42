/**
 * The plug-in package: the {@code PhonePlugin} contract, the registry that picks the plug-in
 * for a request, the typed config model, the locked-down FreeMarker renderer and the render
 * cache, and the typed answer of what a phone gets ({@code PhoneAnswer}) with the port the
 * admin preview asks it through. A capability: uses {@code inventory}; the only package that uses FreeMarker. Each
 * vendor lives in its own sub-package, which nothing but the registry may name.
 */
package io.phonehome.phones;
