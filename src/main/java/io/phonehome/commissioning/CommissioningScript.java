package io.phonehome.commissioning;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Clip;
import io.phonehome.prompts.Prompts;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What a commissioning call says once the line answers: "this is the commissioning test for
 * extension 204", "if you can hear this message, press 1", once more, then it waits
 * {@code commission_confirm_seconds} for the 1 and hangs up. A 1 at any moment (while the message
 * plays too: the installer knows it) confirms the line: "thank you, this line is confirmed", and
 * Phonehome hangs up. Other keys are ignored.
 */
final class CommissioningScript implements CallScript {
    static final int SAYINGS = 2;

    private final Prompts prompts;
    private final long confirmMillis;
    private final Clock clock;
    private volatile Instant confirmedAt;
    private int said;
    private CallControl.Cancellable waiting;

    CommissioningScript(Prompts prompts, long confirmMillis, Clock clock) {
        this.prompts = prompts;
        this.confirmMillis = confirmMillis;
        this.clock = clock;
    }

    /** When 1 was pressed, or null. */
    Instant confirmedAt() {
        return confirmedAt;
    }

    @Override
    public void answered(CallControl call) {
        say(call);
    }

    private void say(CallControl call) {
        String lang = call.party().language();
        List<Clip> clips = new ArrayList<>();
        clips.add(prompts.say(lang, "cm_check"));
        clips.addAll(prompts.digits(lang, call.party().extension()));
        clips.add(Clip.silence(300));
        clips.add(prompts.say(lang, "cm_press_1"));
        said++;
        call.play(clips, () -> {
            if (confirmedAt != null) {
                return;
            }
            if (said < SAYINGS) {
                waiting = call.after(800, () -> say(call));
            } else {
                waiting = call.after(confirmMillis, call::hangUp);
            }
        });
    }

    @Override
    public void digit(CallControl call, char key) {
        if (key != '1' || confirmedAt != null) {
            return;
        }
        confirmedAt = clock.instant();
        if (waiting != null) {
            waiting.cancel();
        }
        call.stopPlaying();
        call.play(List.of(prompts.say(call.party().language(), "cm_confirmed")), call::hangUp);
    }
}
