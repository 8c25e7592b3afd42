/**
 * The phone-facing HTTP edge: identify the request, find the device, redirect or authorise,
 * serve the rendered file (from memory on the I/O thread when it can), record the fetch off
 * the hot path. Uses capabilities and leaves, never another edge.
 */
package io.phonehome.provisioning;
