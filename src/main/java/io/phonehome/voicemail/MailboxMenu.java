package io.phonehome.voicemail;

import io.phonehome.media.CallControl;
import io.phonehome.media.CallScript;
import io.phonehome.media.Clip;
import io.phonehome.media.Outcome;
import io.phonehome.media.WavAudio;
import io.phonehome.media.WavRecording;
import io.phonehome.prompts.Prompts;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listening to a mailbox by phone. Opens with the box's extension (asked first when the call came
 * from any line through {@code <voicemail.number>*}) and its PIN, ended by {@code #} ({@code *} at
 * the PIN prompt asks for another box). Then the counts and the main menu:
 * <ul>
 *   <li>1 new messages, 2 saved ones: each is announced ("message from" and the caller's digits)
 *       and played, then 4 hears it again, 7 deletes it, 9 saves it (a heard new message stays new
 *       until saved or deleted), 6 goes to the next, * back to the menu;</li>
 *   <li>3 records the greeting after the beep, ended by {@code #} or the length limit;</li>
 *   <li>4 changes the PIN: 4 to 8 digits and {@code #}, twice.</li>
 * </ul>
 * A key during a prompt cuts it short and counts. Saving and deleting update the lamp. Nothing
 * typed for {@link #IDLE_MILLIS} ends the call.
 */
final class MailboxMenu implements CallScript {
    private static final Logger log = LoggerFactory.getLogger(MailboxMenu.class);
    static final long IDLE_MILLIS = 20_000;
    static final long GREETING_MILLIS = 60_000;

    private enum Step { BOX, PIN, MAIN, MESSAGE, GREETING, NEW_PIN, NEW_PIN_AGAIN, GONE }

    private final VoicemailCalls service;
    /** The customer whose boxes the caller reaches: its own (each customer has its own extension space). */
    private final long customer;
    /** The box's extension, null until the caller named it. */
    private String box;
    private Step step;
    private final StringBuilder typed = new StringBuilder();
    private String firstNewPin;
    private List<VoiceMessage> messages = List.of();
    private int at;
    private CallControl.Cancellable idle;
    private int wrongPins;
    /** The greeting being recorded: held here too, since the stream lets go of it at the length limit. */
    private WavRecording greeting;

    /** {@code box} null: the caller names the box first (one of {@code customer}'s). */
    MailboxMenu(VoicemailCalls service, long customer, String box) {
        this.service = service;
        this.customer = customer;
        this.box = box;
    }

    private MailboxId id() {
        return new MailboxId(customer, box);
    }

    @Override
    public void answered(CallControl call) {
        if (box == null) {
            ask(call, Step.BOX, "vm_enter_mailbox");
        } else if (service.opensWithoutPin(call.party(), id())) {
            mainMenu(call, true);
        } else {
            ask(call, Step.PIN, "vm_enter_pin");
        }
    }

    @Override
    public void digit(CallControl call, char key) {
        if (step == Step.GONE) {
            return;
        }
        call.stopPlaying();
        if (idle != null) {
            idle.cancel(); // what the key starts (a prompt, a message) restarts the wait when it has played
        }
        switch (step) {
            case BOX, PIN, NEW_PIN, NEW_PIN_AGAIN -> typing(call, key);
            case MAIN -> mainKey(call, key);
            case MESSAGE -> messageKey(call, key);
            case GREETING -> {
                if (key == '#') {
                    greetingDone(call);
                }
            }
            default -> { }
        }
    }

    @Override
    public void ended(CallControl call, String why) {
        call.stopRecording();
        if (greeting != null) {
            greeting.discard(); // a greeting cut off by hanging up is not kept: the old one stays
        }
    }

    // ------------------------------------------------------------------ keys typed with #

    private void typing(CallControl call, char key) {
        if (key == '*' && step == Step.PIN && typed.length() == 0) {
            box = null;
            ask(call, Step.BOX, "vm_enter_mailbox");
            return;
        }
        if (key != '#') {
            if (typed.length() < 32) {
                typed.append(key);
            }
            waitForKeys(call);
            return;
        }
        String entry = typed.toString();
        typed.setLength(0);
        switch (step) {
            case BOX -> {
                box = entry;
                ask(call, Step.PIN, "vm_enter_pin");
            }
            case PIN -> pinEntered(call, entry);
            case NEW_PIN -> {
                if (Mailboxes.pinProblem(entry).isPresent()) {
                    say(call, List.of("invalid"), () -> ask(call, Step.NEW_PIN, "vm_enter_new_pin"));
                } else {
                    firstNewPin = entry;
                    ask(call, Step.NEW_PIN_AGAIN, "vm_enter_new_pin");
                }
            }
            case NEW_PIN_AGAIN -> {
                if (entry.equals(firstNewPin)) {
                    service.boxes().setPin(id(), entry);
                    firstNewPin = null;
                    say(call, List.of("vm_pin_changed"), () -> mainMenu(call, false));
                } else {
                    firstNewPin = null;
                    say(call, List.of("invalid", "try_again"), () -> ask(call, Step.NEW_PIN, "vm_enter_new_pin"));
                }
            }
            default -> { }
        }
    }

    private void pinEntered(CallControl call, String pin) {
        VoicemailCalls.PinCheck check = service.boxes().isLineName(id()) ? service.checkPin(call.party(), id(), pin)
                : VoicemailCalls.PinCheck.WRONG; // an unknown box sounds like a wrong PIN: no probing for boxes
        switch (check) {
            case RIGHT -> mainMenu(call, true);
            case LOCKED -> goodbye(call, "vm_locked");
            case WRONG -> {
                if (++wrongPins >= 3) {
                    goodbye(call, "vm_wrong_pin");
                } else {
                    say(call, List.of("vm_wrong_pin"), () -> ask(call, Step.PIN, "vm_enter_pin"));
                }
            }
        }
    }

    // ------------------------------------------------------------------ the menus

    private void mainMenu(CallControl call, boolean withCounts) {
        step = Step.MAIN;
        List<Clip> clips = new ArrayList<>();
        if (withCounts) {
            Mailboxes.Counts c = service.boxes().counts(id());
            String lang = call.party().language();
            Prompts p = service.prompts();
            if (c.newMessages() == 0 && c.savedMessages() == 0) {
                clips.add(p.say(lang, "vm_no_messages"));
            } else {
                clips.add(p.say(lang, "vm_you_have"));
                clips.addAll(p.number(lang, c.newMessages()));
                clips.add(p.say(lang, c.newMessages() == 1 ? "vm_new_message" : "vm_new_messages"));
                clips.addAll(p.number(lang, c.savedMessages()));
                clips.add(p.say(lang, c.savedMessages() == 1 ? "vm_saved_message" : "vm_saved_messages"));
            }
            clips.add(Clip.silence(300));
        }
        clips.add(service.prompts().say(call.party().language(), "vm_main_menu"));
        call.play(clips, () -> waitForKeys(call));
    }

    private void mainKey(CallControl call, char key) {
        switch (key) {
            case '1', '2' -> {
                String state = key == '1' ? "new" : "saved";
                messages = service.boxes().list(id()).stream().filter(m -> m.state().equals(state)).toList();
                at = 0;
                playMessage(call);
            }
            case '3' -> {
                step = Step.GREETING;
                call.play(List.of(service.prompts().say(call.party().language(), "vm_record_greeting"), Clip.silence(200), LeaveMessage.BEEP),
                        () -> recordGreeting(call));
            }
            case '4' -> ask(call, Step.NEW_PIN, "vm_enter_new_pin");
            default -> say(call, List.of("invalid"), () -> mainMenu(call, false));
        }
    }

    private void playMessage(CallControl call) {
        if (at >= messages.size()) {
            say(call, List.of(messages.isEmpty() ? "vm_no_messages" : "vm_no_more"), () -> mainMenu(call, false));
            return;
        }
        step = Step.MESSAGE;
        VoiceMessage m = messages.get(at);
        String lang = call.party().language();
        List<Clip> clips = new ArrayList<>();
        clips.add(service.prompts().say(lang, "vm_message_from"));
        clips.addAll(service.prompts().digits(lang, m.caller().replaceAll("[^0-9]", "")));
        clips.add(Clip.silence(300));
        try {
            Outcome<Clip> audio = WavAudio.read(Files.readAllBytes(service.boxes().audio(m)));
            if (audio.isOk()) {
                clips.add(audio.value());
            } else {
                log.warn("message {} of mailbox {} is not readable audio: {}", m.id(), box, audio.why());
            }
        } catch (IOException e) {
            log.warn("cannot read message {} of mailbox {}: {}", m.id(), box, e.toString());
        }
        clips.add(Clip.silence(300));
        clips.add(service.prompts().say(lang, "vm_message_menu"));
        call.play(clips, () -> waitForKeys(call));
    }

    private void messageKey(CallControl call, char key) {
        VoiceMessage m = messages.get(at);
        switch (key) {
            case '4' -> playMessage(call);
            case '7' -> {
                service.boxes().delete(id(), m.id());
                at++;
                say(call, List.of("vm_deleted"), () -> playMessage(call));
            }
            case '9' -> {
                service.boxes().markSaved(id(), m.id());
                at++;
                say(call, List.of("vm_saved"), () -> playMessage(call));
            }
            case '6' -> {
                at++;
                playMessage(call);
            }
            case '*' -> mainMenu(call, false);
            default -> say(call, List.of("invalid"), () -> waitForKeys(call));
        }
    }

    private void recordGreeting(CallControl call) {
        try {
            greeting = service.boxes().startGreeting(id(), GREETING_MILLIS * WavRecording.SAMPLE_RATE / 1000);
            call.record(greeting, () -> greetingDone(call));
            waitForKeys(call);
        } catch (IOException e) {
            log.warn("cannot record the greeting of mailbox {}: {}", box, e.toString());
            say(call, List.of("invalid"), () -> mainMenu(call, false));
        }
    }

    private void greetingDone(CallControl call) {
        call.stopRecording();
        WavRecording r = greeting;
        greeting = null;
        if (r == null) {
            return;
        }
        try {
            if (r.samples() == 0) {
                r.discard();
                say(call, List.of("invalid"), () -> mainMenu(call, false));
                return;
            }
            r.finish();
            say(call, List.of("vm_greeting_saved"), () -> mainMenu(call, false));
        } catch (IOException e) {
            log.warn("the new greeting of mailbox {} is lost: {}", box, e.toString());
            say(call, List.of("invalid"), () -> mainMenu(call, false));
        }
    }

    // ------------------------------------------------------------------ helpers

    private void ask(CallControl call, Step next, String prompt) {
        step = next;
        typed.setLength(0);
        say(call, List.of(prompt), () -> waitForKeys(call));
    }

    private void say(CallControl call, List<String> keys, Runnable then) {
        List<Clip> clips = new ArrayList<>();
        for (String k : keys) {
            clips.add(service.prompts().say(call.party().language(), k));
        }
        call.play(clips, then);
    }

    private void goodbye(CallControl call, String why) {
        step = Step.GONE;
        say(call, why == null ? List.of("goodbye") : List.of(why, "goodbye"), call::hangUp);
    }

    /** (Re)starts the wait for the caller's next key; a recording is not timed out here (its limit ends it). */
    private void waitForKeys(CallControl call) {
        if (idle != null) {
            idle.cancel();
        }
        idle = call.after(IDLE_MILLIS + (step == Step.GREETING ? GREETING_MILLIS : 0), () -> goodbye(call, null));
    }
}
