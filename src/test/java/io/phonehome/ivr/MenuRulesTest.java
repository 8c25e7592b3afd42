package io.phonehome.ivr;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.ValidationException;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The whole-menu check and the stored form of a menu. */
class MenuRulesTest {
    static final MenuRules.Known KNOWN = new MenuRules.Known(a -> a.equals("welcome"), e -> e.equals("204"));

    static MenuDraft.OptionDraft submenu(String name) {
        return new MenuDraft.OptionDraft(null, name, null, null, null);
    }

    static MenuDraft menu(Map<String, MenuDraft.OptionDraft> options, Map<String, MenuDraft> submenus) {
        return new MenuDraft(null, "transferring", null, null, options, submenus);
    }

    @Test
    void aChainOfSubmenusDeeperThanTheBoundIsRefusedAtTheOptionThatGoesTooDeep() {
        Map<String, MenuDraft> subs = new LinkedHashMap<>();
        for (int i = 1; i <= MenuRules.MAX_DEPTH + 1; i++) {
            subs.put("m" + i, menu(i <= MenuRules.MAX_DEPTH ? Map.of("1", submenu("m" + (i + 1))) : Map.of("0",
                    new MenuDraft.OptionDraft(null, null, null, null, true)), null));
        }
        assertThatThrownBy(() -> MenuRules.check(menu(Map.of("1", submenu("m1")), subs), KNOWN)).isInstanceOf(ValidationException.class)
                .satisfies(e -> assertThat(((ValidationException) e).errors()).extracting(FieldError::field)
                        .containsExactly("submenus.m" + MenuRules.MAX_DEPTH + ".options.1.submenu"));
        subs.remove("m" + (MenuRules.MAX_DEPTH + 1));
        subs.put("m" + MenuRules.MAX_DEPTH, menu(Map.of("0", new MenuDraft.OptionDraft(null, null, null, null, true)), null));
        assertThat(MenuRules.check(menu(Map.of("1", submenu("m1")), subs), KNOWN).menus()).as("exactly the bound is fine")
                .hasSize(MenuRules.MAX_DEPTH + 1);
    }

    @Test
    void aSubmenuLeadingBackToTheTopMenuIsACycle() {
        assertThatThrownBy(() -> MenuRules.check(menu(Map.of("1", submenu("a")), Map.of("a", menu(Map.of("*", submenu("main")), null))), KNOWN))
                .hasMessageContaining("submenus.a.options.*.submenu: makes a cycle: main > a > main");
    }

    @Test
    void aCheckedMenuComesBackFromItsStoredFormAsItWasWritten() {
        MenuDraft draft = new MenuDraft("welcome", "transferring", 7, 3, Map.of(
                "1", new MenuDraft.OptionDraft(null, null, "204", null, null),
                "#", new MenuDraft.OptionDraft(null, null, null, "204", null),
                "0", new MenuDraft.OptionDraft(null, null, null, null, true),
                "2", submenu("more")),
                Map.of("more", new MenuDraft("welcome", null, null, null, Map.of("9", new MenuDraft.OptionDraft("welcome", null, null, null, null)),
                        null)));
        MenuPlan plan = MenuRules.check(draft, KNOWN);
        MenuPlan back = MenuPlanText.read(MenuPlanText.write(plan));
        assertThat(back).isEqualTo(plan);
        assertThat(MenuRules.draftOf(back).options().get("#").voicemail()).isEqualTo("204");
        assertThat(back.main().timeoutSeconds()).isEqualTo(7);
        assertThat(back.menus().get("more").timeoutSeconds()).as("the default").isEqualTo(MenuRules.DEFAULT_TIMEOUT_SECONDS);
    }
}
