package io.phonehome.ivr;

import java.util.Map;

/**
 * An IVR menu as people write it (the admin API's JSON, the CLI's file), not yet checked: the top
 * menu's fields, and its submenus by name (listed once, here, and named by options). Every field
 * may be missing or wrong; {@link MenuRules#check} says which, by its path
 * ({@code submenus.sales.options.3.extension}).
 */
public record MenuDraft(String greetingAnnouncement, String greetingPrompt, Integer timeoutSeconds, Integer repeats,
                        Map<String, OptionDraft> options, Map<String, MenuDraft> submenus) {

    /** One digit's action: exactly one field set. */
    public record OptionDraft(String announcement, String submenu, String extension, String voicemail, Boolean hangup) {
    }
}
