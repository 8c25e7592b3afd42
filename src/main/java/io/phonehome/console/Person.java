package io.phonehome.console;

/**
 * Who is signed in: a person's account ({@code tokenId} null) or an API token's name.
 *
 * @param source the address the sign-in came from (audit entries name it)
 */
public record Person(String name, Long tokenId, Access access, String source) {
    public Person withSource(String s) {
        return new Person(name, tokenId, access, s);
    }
}
