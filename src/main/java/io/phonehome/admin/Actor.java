package io.phonehome.admin;

/**
 * Who is calling: the token's id, name and role, the customer it is limited to (null: the whole
 * installation), and the address the call came from.
 */
record Actor(long tokenId, String name, Role role, String source, Long customerId) {
    /** Limited to one customer: sees and changes nothing of the others (see {@link CustomerScope}). */
    boolean scoped() {
        return customerId != null;
    }
}
