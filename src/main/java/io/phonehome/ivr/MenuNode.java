package io.phonehome.ivr;

import java.util.Map;

/**
 * One menu of an IVR (the top one or a submenu): its greeting (an announcement, a shipped prompt,
 * or both, in that order), how long it waits for a key after the greeting, how many times it says
 * the greeting again when nothing is pressed before it says goodbye, and its digits.
 */
public record MenuNode(String announcement, String prompt, int timeoutSeconds, int repeats, Map<Character, MenuOption> options) {
    public MenuNode {
        options = Map.copyOf(options);
    }
}
