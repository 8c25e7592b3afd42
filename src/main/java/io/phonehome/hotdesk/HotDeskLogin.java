package io.phonehome.hotdesk;

import io.phonehome.inventory.Device;
import io.phonehome.inventory.Inventory;
import io.phonehome.inventory.Line;
import io.phonehome.inventory.Site;
import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Caller;
import io.phonehome.media.Clip;
import io.phonehome.media.ServiceDirectory;
import io.phonehome.prompts.Prompts;
import io.phonehome.settings.EffectiveSetting;
import io.phonehome.settings.LayeredSettings;
import io.phonehome.settings.SettingRegistry;
import java.util.List;
import java.util.Optional;

/**
 * The hot-desk login number ({@code hotdesk.login_number}, set per site or fleet): a desk phone
 * calls it, is asked for the extension and the PIN (each ended by {@code #}), and is logged in
 * exactly as by the feature code (same events, check-sync, logout elsewhere, lockout). Only a
 * hot desk's call is answered here; any other phone dialling the number is routed as usual.
 */
public final class HotDeskLogin implements ServiceDirectory {
    /** No key within this long after a prompt ended: the prompt is said once more, then the call ends. */
    static final long KEY_TIMEOUT_MILLIS = 10_000;
    /** Keys of one entry at most (an extension or a PIN is far shorter): a stuck key cannot grow a buffer. */
    private static final int MAX_ENTRY = 16;

    private final HotDesks desks;
    private final LayeredSettings settings;
    private final Inventory inventory;
    private final Prompts prompts;

    public HotDeskLogin(HotDesks desks, LayeredSettings settings, Inventory inventory, Prompts prompts) {
        this.desks = desks;
        this.settings = settings;
        this.inventory = inventory;
        this.prompts = prompts;
        desks.answerLoginAt(this::isLoginNumber);
    }

    /** Whether {@code dialled} is the login number of the desk that {@code caller} speaks for. */
    boolean isLoginNumber(Line caller, String dialled) {
        if (!anywhere(dialled)) {
            return false;
        }
        long desk = desks.deviceOf(caller);
        if (!desks.isDesk(desk)) {
            return false;
        }
        Optional<Device> d = inventory.devices().findById(desk);
        if (d.isEmpty()) {
            return false;
        }
        Site site = d.get().siteId() == null ? null : inventory.sites().findById(d.get().siteId()).orElse(null);
        return settings.effective(d.get(), site).stream().filter(e -> e.name().equals(SettingRegistry.HOTDESK_LOGIN_NUMBER))
                .map(EffectiveSetting::value).anyMatch(dialled::equals);
    }

    /** Whether any scope sets {@code dialled} as its login number: from the values in memory, no database read for ordinary calls. */
    private boolean anywhere(String dialled) {
        return dialled != null && settings.all().stream()
                .anyMatch(v -> v.name().equals(SettingRegistry.HOTDESK_LOGIN_NUMBER) && v.value().equals(dialled));
    }

    @Override
    public Optional<Answer> answer(Caller caller, String dialled) {
        // the calling line itself, by id: its extension may be another customer's too
        Optional<Line> line = anywhere(dialled) ? inventory.lines().byId(caller.lineId()) : Optional.empty();
        if (line.isEmpty() || !isLoginNumber(line.get(), dialled)) {
            return Optional.empty();
        }
        return Optional.of(Answer.of(new Login(line.get(), caller.language(), dialled)));
    }

    /** One call to the login number: extension, PIN, outcome; again after a wrong PIN while the limit allows. */
    private final class Login implements CallScript {
        private final Line line;
        private final String language;
        private final String source;
        private final StringBuilder entry = new StringBuilder();
        private String extension;
        private int wrong;
        private int silentPrompts;
        private boolean done;
        private CallControl.Cancellable timeout;

        Login(Line line, String language, String dialled) {
            this.line = line;
            this.language = language;
            this.source = "login number " + dialled;
        }

        @Override
        public void answered(CallControl call) {
            ask(call);
        }

        /** Asks for what is missing: the extension first, then the PIN. */
        private void ask(CallControl call) {
            entry.setLength(0);
            cancelTimeout();
            call.play(List.of(prompts.say(language, extension == null ? "hd_enter_extension" : "hd_enter_pin")),
                    () -> timeout = call.after(KEY_TIMEOUT_MILLIS, () -> silence(call)));
        }

        private void silence(CallControl call) {
            if (++silentPrompts >= 2) {
                call.hangUp();
            } else {
                ask(call);
            }
        }

        @Override
        public void digit(CallControl call, char key) {
            if (done) {
                return;
            }
            call.stopPlaying();
            cancelTimeout();
            silentPrompts = 0;
            if (key != '#') {
                if (key >= '0' && key <= '9' && entry.length() < MAX_ENTRY) {
                    entry.append(key);
                }
                timeout = call.after(KEY_TIMEOUT_MILLIS, () -> silence(call));
                return;
            }
            if (entry.isEmpty()) {
                ask(call);
                return;
            }
            if (extension == null) {
                extension = entry.toString();
                ask(call);
                return;
            }
            String pin = entry.toString();
            entry.setLength(0);
            HotDesks.Outcome o = desks.login(line, extension, pin, source);
            switch (o) {
                case LOGGED_IN -> finish(call, "hd_logged_in");
                case LOCKED -> finish(call, "hd_locked");
                case WRONG_PIN -> {
                    extension = null;
                    if (++wrong >= desks.rules().maxWrongPins()) {
                        finish(call, "hd_wrong_pin");
                    } else {
                        call.play(List.of(prompts.say(language, "hd_wrong_pin"), Clip.silence(300)), () -> ask(call));
                    }
                }
                default -> finish(call, "hd_wrong_pin"); // the desk stopped being one meanwhile
            }
        }

        private void finish(CallControl call, String phrase) {
            done = true;
            call.play(List.of(prompts.say(language, phrase), Clip.silence(300)), call::hangUp);
        }

        private void cancelTimeout() {
            if (timeout != null) {
                timeout.cancel();
                timeout = null;
            }
        }

        @Override
        public void ended(CallControl call, String why) {
            cancelTimeout();
        }
    }
}
