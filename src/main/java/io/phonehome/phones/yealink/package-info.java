/**
 * The Yealink plug-in: file names, User-Agent parsing and template values for Yealink phones. Uses
 * the plug-in package and {@code inventory} only; never another plug-in, never I/O: every
 * method is a pure function of its input (see {@code PhonePlugin}).
 */
package io.phonehome.phones.yealink;
