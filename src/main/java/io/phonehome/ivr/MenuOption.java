package io.phonehome.ivr;

/**
 * What one digit of a menu does: play an announcement and come back, go to a submenu, hand the
 * caller to an extension or to an extension's mailbox (both blind transfers), or say goodbye.
 *
 * @param target the announcement, submenu or extension; empty for {@link Kind#HANGUP}
 */
public record MenuOption(Kind kind, String target) {
    public enum Kind {
        ANNOUNCEMENT, SUBMENU, EXTENSION, VOICEMAIL, HANGUP;

        String spelled() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
