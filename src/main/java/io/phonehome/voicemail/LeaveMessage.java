package io.phonehome.voicemail;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Clip;
import io.phonehome.media.WavRecording;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A caller leaving a message in {@code extension}'s box: the box's greeting (or "the person you are
 * calling is not available" and the extension), "please leave a message", a beep, then the
 * recording, up to the length limit, when Phonehome hangs up. A key during the greeting skips to
 * the beep; {@code #} during the recording ends the message. Whatever was recorded when the call
 * ends becomes a new message (and lights the lamp); a full box says so and hangs up.
 */
final class LeaveMessage implements CallScript {
    private static final Logger log = LoggerFactory.getLogger(LeaveMessage.class);
    /** The beep: 1 kHz for 400 ms, loud but well below clipping. */
    static final Clip BEEP = Clip.tone(1000, 400, 12_000);

    private final VoicemailCalls service;
    private final MailboxId box;
    /** The box's extension: what the standard greeting says. */
    private final String extension;
    private Instant startedAt;
    /** The message being recorded: held here too, since the stream lets go of it at the length limit. */
    private WavRecording recording;
    private boolean beeped;

    LeaveMessage(VoicemailCalls service, MailboxId box) {
        this.service = service;
        this.box = box;
        this.extension = box.extension();
    }

    @Override
    public void answered(CallControl call) {
        String lang = call.party().language();
        Mailboxes boxes = service.boxes();
        if (boxes.refusal(box).isPresent()) {
            call.play(List.of(service.prompts().say(lang, "vm_mailbox_full"), service.prompts().say(lang, "goodbye")), call::hangUp);
            return;
        }
        List<Clip> intro = new ArrayList<>();
        Optional<Clip> greeting = boxes.greetingClip(box);
        if (greeting.isPresent()) {
            intro.add(greeting.get());
        } else {
            intro.add(service.prompts().say(lang, "vm_unavailable"));
            intro.add(Clip.silence(200));
            intro.addAll(service.prompts().digits(lang, extension));
        }
        intro.add(Clip.silence(300));
        intro.add(service.prompts().say(lang, "vm_leave_message"));
        call.play(intro, () -> beep(call));
    }

    private void beep(CallControl call) {
        if (beeped) {
            return;
        }
        beeped = true;
        call.play(List.of(Clip.silence(200), BEEP), () -> record(call));
    }

    private void record(CallControl call) {
        Path file = service.boxes().newMessageFile(box);
        try {
            WavRecording r = WavRecording.start(file, service.maxMessageMillis() * WavRecording.SAMPLE_RATE / 1000);
            startedAt = Instant.now();
            recording = r;
            call.record(r, call::hangUp); // the length limit ends the call; ended() keeps the message
        } catch (IOException e) {
            log.warn("cannot record a message for mailbox {} at {}: {}", box, file, e.toString());
            call.hangUp();
        }
    }

    @Override
    public void digit(CallControl call, char key) {
        if (!beeped) {
            call.stopPlaying();
            beep(call);
        } else if (recording != null && key == '#') {
            keep(call);
            call.play(List.of(service.prompts().say(call.party().language(), "goodbye")), call::hangUp);
        }
    }

    @Override
    public void ended(CallControl call, String why) {
        if (recording != null) {
            keep(call);
        }
    }

    /** The recording so far becomes a message when it holds any audio; an empty one leaves nothing. */
    private void keep(CallControl call) {
        call.stopRecording();
        WavRecording r = recording;
        recording = null;
        if (r.samples() == 0) {
            r.discard();
            return;
        }
        String caller = call.party().extension();
        try {
            Path file = r.finish();
            long id = service.boxes().stored(box, caller, startedAt, r.durationMillis(), file);
            log.info("voice message {} for mailbox {} from {}: {} ms", id, box, caller, r.durationMillis());
        } catch (IOException | RuntimeException e) {
            log.warn("the message for mailbox {} from {} is lost: {}", box, caller, e.toString());
        }
    }
}
