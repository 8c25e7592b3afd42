package io.phonehome.inventory;

/** Checks on free text that ends up inside phone configuration files. */
public final class Texts {
    private Texts() {
    }

    /**
     * True when the text holds a control character. Names travel into {@code key = value} files
     * where a line break would let a display name set any other key; they are refused at the edge.
     */
    public static boolean hasControlCharacters(String s) {
        if (s == null) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029' || c == '\u0085') {
                return true;
            }
        }
        return false;
    }

    /** Host name or IP literal, no scheme, no path. */
    public static boolean isHost(String s) {
        return s != null && s.length() <= 253 && s.matches("[A-Za-z0-9]([A-Za-z0-9.\\-]*[A-Za-z0-9])?|\\[?[0-9A-Fa-f:.]+]?");
    }
}
