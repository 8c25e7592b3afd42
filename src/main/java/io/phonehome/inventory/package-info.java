/**
 * Customers (tenants: each groups sites; {@code CustomerRepository} also says which customer owns a
 * site, device or line; extensions and auth users are unique per customer, each line carrying its
 * customer), sites, devices, lines and DECT handsets: their rules, repositories, CSV import and export,
 * extension allocation, the supported-model catalog, and the in-memory device directory the
 * phone listener reads. A capability: uses {@code store} and {@code errors}; JDBC types only in its
 * {@code *Repository} classes; knows no vendor syntax and no listener.
 */
package io.phonehome.inventory;
