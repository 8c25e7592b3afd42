package io.phonehome.ivr;

import java.util.Map;

/**
 * A checked IVR menu: its menus by name, {@link #MAIN} the one a call begins in. Only
 * {@link MenuRules} makes one from people's input, so every submenu an option names exists, no
 * submenu leads back to itself, and the bounds hold.
 */
public record MenuPlan(Map<String, MenuNode> menus) {
    public static final String MAIN = "main";

    public MenuPlan {
        menus = Map.copyOf(menus);
    }

    public MenuNode main() {
        return menus.get(MAIN);
    }
}
