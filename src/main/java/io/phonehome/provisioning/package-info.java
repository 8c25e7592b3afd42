/**
 * The phone-facing HTTP edge. {@code PhoneFiles} alone decides what a phone gets: identify the
 * request, find the device, redirect or authorise, render, record the fetch off the hot path
 * (from memory on the I/O thread when it can); the handler reads requests and writes answers. Uses capabilities and leaves, never another edge.
 */
package io.phonehome.provisioning;
