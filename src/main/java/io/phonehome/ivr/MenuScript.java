package io.phonehome.ivr;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Clip;
import io.phonehome.prompts.Prompts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * One caller in an IVR menu. The menu's greeting plays, then the caller has the menu's timeout to
 * press a key; a key cuts the greeting short. Silence says the greeting again, as many times as the
 * menu repeats, then goodbye. A key the menu has no option for says {@code invalid} and the menu
 * again; an announcement plays and comes back to the menu; a submenu begins with its greeting; an
 * extension or a mailbox says {@code transferring} and hands the call over by REFER (a phone that
 * refuses hears {@code not_reachable} and the menu again).
 */
final class MenuScript implements CallScript {
    private final MenuPlan plan;
    private final Announcements announcements;
    private final Supplier<Optional<String>> voicemailNumber;
    private final Prompts prompts = Prompts.shipped();
    private String at = MenuPlan.MAIN;
    private int silentRounds;
    /** Handing over or saying goodbye: keys no longer count. */
    private boolean leaving;
    private CallControl.Cancellable timeout;

    MenuScript(MenuPlan plan, Announcements announcements, Supplier<Optional<String>> voicemailNumber) {
        this.plan = plan;
        this.announcements = announcements;
        this.voicemailNumber = voicemailNumber;
    }

    @Override
    public void answered(CallControl call) {
        present(call);
    }

    private MenuNode node() {
        return plan.menus().get(at);
    }

    /** The current menu's greeting, then the wait for a key. */
    private void present(CallControl call) {
        MenuNode n = node();
        List<Clip> greeting = new ArrayList<>();
        if (n.announcement() != null) {
            announcements.clip(n.announcement(), call.party().siteId()).ifPresent(greeting::add);
        }
        if (n.prompt() != null) {
            greeting.add(prompts.say(lang(call), n.prompt()));
        }
        if (greeting.isEmpty()) {
            // its announcement was deleted since the menu was checked: the wait for a key still begins
            greeting.add(Clip.silence(200));
        }
        call.play(greeting, () -> timeout = call.after(n.timeoutSeconds() * 1000L, () -> silence(call)));
    }

    private void silence(CallControl call) {
        timeout = null;
        if (++silentRounds > node().repeats()) {
            goodbye(call);
        } else {
            present(call);
        }
    }

    @Override
    public void digit(CallControl call, char key) {
        if (leaving) {
            return;
        }
        if (timeout != null) {
            timeout.cancel();
            timeout = null;
        }
        call.stopPlaying();
        silentRounds = 0;
        MenuOption o = node().options().get(key);
        if (o == null) {
            call.play(List.of(prompts.say(lang(call), "invalid")), () -> present(call));
            return;
        }
        switch (o.kind()) {
            case ANNOUNCEMENT -> {
                Optional<Clip> clip = announcements.clip(o.target(), call.party().siteId());
                call.play(clip.map(List::of).orElse(List.of(prompts.say(lang(call), "not_reachable"))), () -> present(call));
            }
            case SUBMENU -> {
                at = o.target();
                present(call);
            }
            case EXTENSION -> handOver(call, o.target());
            case VOICEMAIL -> {
                Optional<String> vm = voicemailNumber.get();
                if (vm.isEmpty()) {
                    call.play(List.of(prompts.say(lang(call), "not_reachable")), () -> present(call));
                } else {
                    // the mailbox's own dial string, answered by the voicemail service like the phone's voicemail key
                    handOver(call, vm.get() + "*" + o.target());
                }
            }
            case HANGUP -> goodbye(call);
        }
    }

    private void handOver(CallControl call, String target) {
        leaving = true;
        call.play(List.of(prompts.say(lang(call), "transferring")), () -> call.transfer(target, () -> {
            leaving = false;
            call.play(List.of(prompts.say(lang(call), "not_reachable")), () -> present(call));
        }));
    }

    private void goodbye(CallControl call) {
        leaving = true;
        call.play(List.of(prompts.say(lang(call), "goodbye")), call::hangUp);
    }

    private static String lang(CallControl call) {
        return call.party().language();
    }
}
