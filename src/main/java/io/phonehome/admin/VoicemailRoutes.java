package io.phonehome.admin;

import com.fasterxml.jackson.databind.JsonNode;
import io.phonehome.http.HttpStatusException;
import io.phonehome.media.WavAudio;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.voicemail.MailboxId;
import io.phonehome.voicemail.Mailboxes;
import io.phonehome.voicemail.VoiceMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A line's mailbox ({@code /api/v1/lines/{extension}/voicemail}, the extension within a customer:
 * {@code ?customer=<id or slug>} when several customers have it, see {@link LinesByExtension}; each
 * customer's extension has its own box): its counts for everyone, its
 * messages (who called, when, how long) for technicians and admins, a message's audio as
 * {@code audio/wav}, and deleting a message, which updates the line's lamp. Viewers see counts
 * only: who called whom, and what they said, is the line user's business.
 *
 * <p>Technicians and admins also set the box's PIN ({@code PUT .../voicemail/pin}, 4 to 8 digits,
 * stored as a PBKDF2 hash, never shown or audited as digits), its greeting ({@code PUT/GET/DELETE
 * .../voicemail/greeting}, a WAV that {@link WavAudio} reads, else 422) and its options
 * ({@code PATCH .../voicemail}: whether the own phone needs no PIN, and the line's own forwarding,
 * which wins over the typed settings {@code voicemail.on_busy} and {@code voicemail.no_answer_seconds}).
 */
final class VoicemailRoutes {
    record MessageView(long id, String caller, Instant startedAt, long durationMs, String state) {
    }

    record BoxView(String extension, long newMessages, long savedMessages, List<MessageView> messages, boolean pinSet,
                   boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds, boolean greeting) {
    }

    /** The body of a PIN: {@code {"pin": "4711"}}. */
    record PinInput(String pin) {
    }

    /** The box's options; a field left out stays as it is, {@code null} hands forwarding back to the settings. */
    record OptionsInput(Boolean ownPhoneNoPin, JsonNode onBusy, JsonNode noAnswerSeconds) {
    }

    /** Largest greeting upload: a minute of 48 kHz stereo 16-bit PCM is 11.5 MB. */
    static final long MAX_GREETING_BYTES = 16L << 20;

    private final AdminContext ctx;
    private final Mailboxes boxes;

    VoicemailRoutes(AdminContext ctx, Mailboxes boxes) {
        this.ctx = ctx;
        this.boxes = boxes;
    }

    void register(Router r) {
        // each names a line by extension within a customer: ?customer= when several have it (LinesByExtension)
        java.util.Set<String> q = LinesByExtension.QUERY;
        r.get("/api/v1/lines/{extension}/voicemail", Role.VIEWER, q, this::box);
        r.get("/api/v1/lines/{extension}/voicemail/{id}", Role.TECHNICIAN, q, this::audio);
        r.add("DELETE", "/api/v1/lines/{extension}/voicemail/{id}", Role.TECHNICIAN, q, this::delete);
        r.add("PATCH", "/api/v1/lines/{extension}/voicemail", Role.TECHNICIAN, q, this::options);
        r.add("PUT", "/api/v1/lines/{extension}/voicemail/pin", Role.TECHNICIAN, q, this::setPin);
        r.add("DELETE", "/api/v1/lines/{extension}/voicemail/pin", Role.TECHNICIAN, q, this::clearPin);
        r.get("/api/v1/lines/{extension}/voicemail/greeting", Role.TECHNICIAN, q, this::greeting);
        r.add("PUT", "/api/v1/lines/{extension}/voicemail/greeting", Role.TECHNICIAN, q, this::uploadGreeting);
        r.add("DELETE", "/api/v1/lines/{extension}/voicemail/greeting", Role.TECHNICIAN, q, this::deleteGreeting);
    }

    private Mailboxes boxes() {
        if (boxes == null) {
            throw HttpStatusException.notFound("voicemail needs the SIP core, which is off on this server");
        }
        return boxes;
    }

    /** The box of the line the path names, within its customer (the box is the customer's extension's). */
    private MailboxId mailbox(Call c) {
        Mailboxes boxes = boxes();
        io.phonehome.inventory.Line line = LinesByExtension.find(ctx, c);
        MailboxId box = new MailboxId(line.customerId(), line.extension());
        if (!boxes.isLine(box)) {
            throw new NotFoundException("no line " + line.extension());
        }
        return box;
    }

    private void box(Call c) {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        List<MessageView> messages = c.actor().role().allows(Role.TECHNICIAN)
                ? boxes().list(box).stream().map(m -> new MessageView(m.id(), m.caller(), m.startedAt(), m.durationMillis(), m.state())).toList()
                : null;
        c.ok(view(box, messages));
    }

    private BoxView view(MailboxId box, List<MessageView> messages) {
        String extension = box.extension();
        Mailboxes.Counts counts = boxes().counts(box);
        Mailboxes.Options o = boxes().options(box);
        return new BoxView(extension, counts.newMessages(), counts.savedMessages(), messages, o.pinSet(), o.ownPhoneNoPin(), o.onBusy(),
                o.noAnswerSeconds(), Files.isRegularFile(boxes().greeting(box)));
    }

    private void options(Call c) {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        OptionsInput in = c.body(OptionsInput.class);
        Mailboxes.Options before = boxes().options(box);
        boolean ownPhoneNoPin = in.ownPhoneNoPin() != null ? in.ownPhoneNoPin() : before.ownPhoneNoPin();
        Boolean onBusy = before.onBusy();
        if (in.onBusy() != null) {
            if (in.onBusy().isNull()) {
                onBusy = null;
            } else if (in.onBusy().isBoolean()) {
                onBusy = in.onBusy().booleanValue();
            } else {
                throw HttpStatusException.unprocessable("on_busy must be true, false or null (the settings decide)");
            }
        }
        Integer seconds = before.noAnswerSeconds();
        if (in.noAnswerSeconds() != null) {
            if (in.noAnswerSeconds().isNull()) {
                seconds = null;
            } else if (in.noAnswerSeconds().canConvertToInt() && in.noAnswerSeconds().isIntegralNumber()
                    && in.noAnswerSeconds().intValue() >= 0 && in.noAnswerSeconds().intValue() <= 300) {
                seconds = in.noAnswerSeconds().intValue();
            } else {
                throw HttpStatusException.unprocessable("no_answer_seconds must be a whole number from 0 (never) to 300, or null (the settings decide)");
            }
        }
        boxes().setOptions(box, ownPhoneNoPin, onBusy, seconds);
        Map<String, Object> after = new java.util.LinkedHashMap<>();
        after.put("own_phone_no_pin", ownPhoneNoPin);
        after.put("on_busy", onBusy);
        after.put("no_answer_seconds", seconds);
        ctx.audit().record(c.actor(), "line.voicemail_options", "extension " + extension, null, after);
        c.ok(view(box, null));
    }

    private void setPin(Call c) {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        PinInput in = c.body(PinInput.class);
        java.util.Optional<String> problem = Mailboxes.pinProblem(in.pin());
        if (problem.isPresent()) {
            throw HttpStatusException.unprocessable(problem.get()); // never repeats what was sent
        }
        boxes().setPin(box, in.pin());
        // The audit says that a PIN was set, never the PIN.
        ctx.audit().record(c.actor(), "line.voicemail_pin", "extension " + extension, null, Map.of("pin", "set"));
        c.noContent();
    }

    private void clearPin(Call c) {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        if (!boxes().options(box).pinSet()) {
            throw new NotFoundException("mailbox " + extension + " has no PIN");
        }
        boxes().clearPin(box);
        ctx.audit().record(c.actor(), "line.voicemail_pin", "extension " + extension, Map.of("pin", "set"), null);
        c.noContent();
    }

    private void greeting(Call c) throws IOException {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        byte[] wav;
        try {
            wav = Files.readAllBytes(boxes().greeting(box));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("mailbox " + extension + " has no greeting of its own");
        }
        c.header("Content-Disposition", "attachment; filename=\"greeting-" + extension + ".wav\"");
        c.bytes(200, "audio/wav", wav);
    }

    private void uploadGreeting(Call c) throws IOException {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        String type = io.phonehome.http.RequestBodies.mediaType(c.exchange());
        if (!type.equals("audio/wav") && !type.equals("audio/x-wav") && !type.equals("audio/wave")) {
            throw HttpStatusException.unsupportedMediaType("send the greeting as audio/wav");
        }
        byte[] wav = io.phonehome.http.RequestBodies.read(c.exchange(), MAX_GREETING_BYTES, "the greeting size limit (16 MiB)");
        java.util.Optional<String> refused = boxes().uploadGreeting(box, wav);
        if (refused.isPresent()) {
            throw HttpStatusException.unprocessable("the greeting is refused: " + refused.get());
        }
        ctx.audit().record(c.actor(), "line.voicemail_greeting", "extension " + extension, null, Map.of("greeting", "uploaded"));
        c.noContent();
    }

    private void deleteGreeting(Call c) throws IOException {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        if (!boxes().deleteGreeting(box)) {
            throw new NotFoundException("mailbox " + extension + " has no greeting of its own");
        }
        ctx.audit().record(c.actor(), "line.voicemail_greeting", "extension " + extension, Map.of("greeting", "uploaded"), null);
        c.noContent();
    }

    private VoiceMessage message(Call c) {
        MailboxId box = mailbox(c);
        String extension = box.extension();
        long id = c.id("id");
        return boxes().message(box, id).orElseThrow(() -> new NotFoundException("mailbox " + extension + " has no message " + id));
    }

    private void audio(Call c) throws IOException {
        VoiceMessage m = message(c);
        byte[] wav;
        try {
            wav = Files.readAllBytes(boxes().audio(m));
        } catch (java.nio.file.NoSuchFileException e) {
            throw new NotFoundException("the audio of message " + m.id() + " is gone from the data directory");
        }
        c.header("Content-Disposition", "attachment; filename=\"voicemail-" + m.extension() + "-" + m.id() + ".wav\"");
        c.bytes(200, "audio/wav", wav);
    }

    private void delete(Call c) {
        VoiceMessage m = message(c);
        boxes().delete(m.box(), m.id());
        ctx.audit().record(c.actor(), "line.voicemail_delete", "extension " + m.extension(), Map.of("message", m.id()), null);
        c.noContent();
    }
}
