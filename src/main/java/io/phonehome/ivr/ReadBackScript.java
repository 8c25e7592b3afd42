package io.phonehome.ivr;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Clip;
import io.phonehome.prompts.Prompts;
import java.util.ArrayList;
import java.util.List;

/**
 * The installers' check that a phone carries the line they think: "your extension is" and the
 * caller's extension digit by digit, twice, then goodbye.
 */
final class ReadBackScript implements CallScript {
    static final int PAUSE_MILLIS = 700;

    /** What the call plays for a caller of {@code language} on {@code extension} (the tests measure it). */
    static List<Clip> sentence(String language, String extension) {
        Prompts p = Prompts.shipped();
        List<Clip> once = new ArrayList<>();
        once.add(p.say(language, "your_extension_is"));
        once.add(Clip.silence(200));
        once.addAll(p.digits(language, extension));
        List<Clip> all = new ArrayList<>(once);
        all.add(Clip.silence(PAUSE_MILLIS));
        all.addAll(once);
        all.add(Clip.silence(PAUSE_MILLIS));
        all.add(p.say(language, "goodbye"));
        return all;
    }

    @Override
    public void answered(CallControl call) {
        call.play(sentence(call.party().language(), call.party().extension()), call::hangUp);
    }
}
