package io.phonehome.admin;

/** Who is calling: the token's id, name and role, and the address the call came from. */
record Actor(long tokenId, String name, Role role, String source) {
}
