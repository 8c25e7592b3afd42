package io.phonehome.voicemail;

import io.phonehome.actions.MessageWaiting;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lines' mailboxes: where a new message's audio goes ({@code <data_dir>/voicemail/<extension>/}),
 * the row that makes a finished recording a message, and the message lamp, which is told the box's
 * new and saved counts through the {@link MessageWaiting} port whenever they change.
 *
 * <p>Bounded: a box holds at most {@code maxMessages} messages; a caller to a full box is turned
 * away before anything is recorded.
 */
public final class Mailboxes {
    private static final Logger log = LoggerFactory.getLogger(Mailboxes.class);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final VoicemailRepository repository;
    private final Path root;
    private final int maxMessages;
    private final MessageWaiting lamps;
    private final java.util.concurrent.atomic.AtomicBoolean sweepPending = new java.util.concurrent.atomic.AtomicBoolean();

    public Mailboxes(VoicemailRepository repository, Path root, int maxMessages, MessageWaiting lamps) {
        this.repository = repository;
        this.root = root;
        this.maxMessages = maxMessages;
        this.lamps = lamps;
    }

    /** Why a message cannot be left. */
    public enum Refusal { NO_SUCH_LINE, FULL }

    /**
     * Where a new message for {@code extension} is to be recorded (a name no other message has),
     * or why none can be left now.
     */
    public Optional<Refusal> refusal(String extension) {
        if (!extension.matches("[0-9A-Za-z._+-]{1,32}") || !repository.lineExists(extension)) {
            return Optional.of(Refusal.NO_SUCH_LINE);
        }
        return repository.count(extension) >= maxMessages ? Optional.of(Refusal.FULL) : Optional.empty();
    }

    /** A fresh file for a message to {@code extension}; the extension must have passed {@link #refusal}. */
    public Path newMessageFile(String extension) {
        byte[] token = new byte[8];
        RANDOM.nextBytes(token);
        return root.resolve(extension).resolve(System.currentTimeMillis() + "-" + HexFormat.of().formatHex(token) + ".wav");
    }

    /** A complete recording becomes a new message, and the lamp lights. */
    public long stored(String extension, String caller, Instant startedAt, long durationMillis, Path file) {
        long id = repository.insert(extension, caller.length() > 200 ? caller.substring(0, 200) : caller, startedAt, durationMillis,
                file.getFileName().toString());
        updateLamp(extension);
        return id;
    }

    public List<VoiceMessage> list(String extension) {
        return repository.list(extension);
    }

    /** The box's counts: unheard and saved messages. */
    public Counts counts(String extension) {
        return new Counts(repository.count(extension, "new"), repository.count(extension, "saved"));
    }

    public record Counts(long newMessages, long savedMessages) {
    }

    /** Whether {@code extension} is spelled as an extension and is a line's (a box exists for it). */
    public boolean isLineName(String extension) {
        return extension.matches("[0-9A-Za-z._+-]{1,32}") && repository.lineExists(extension);
    }

    public boolean isLine(String extension) {
        return repository.lineExists(extension);
    }

    public Optional<VoiceMessage> message(String extension, long id) {
        return repository.find(extension, id);
    }

    /** A message's audio file (a WAV under the box's directory). */
    public Path audio(VoiceMessage m) {
        return root.resolve(m.extension()).resolve(m.fileName());
    }

    /** Deletes a message (row, then file) and tells the lamp; false when the box has no such message. */
    public boolean delete(String extension, long id) {
        Optional<VoiceMessage> m = repository.find(extension, id);
        if (m.isEmpty() || !repository.delete(extension, id)) {
            return false;
        }
        try {
            java.nio.file.Files.deleteIfExists(audio(m.get()));
        } catch (java.io.IOException e) {
            log.warn("message {} of mailbox {} is deleted but its file {} stays: {}", id, extension, audio(m.get()), e.toString());
        }
        updateLamp(extension);
        return true;
    }

    /**
     * The lines table changed: a sweep (in the background, coalesced, so an import of many lines
     * costs one or two) deletes the messages of every extension that is no longer a line. Keyed
     * by extension, so a re-import that writes a line anew in one transaction keeps its box.
     */
    public void linesChanged() {
        if (sweepPending.compareAndSet(false, true)) {
            java.util.concurrent.ForkJoinPool.commonPool().execute(() -> {
                sweepPending.set(false);
                try {
                    dropOrphans();
                } catch (RuntimeException e) {
                    log.warn("cannot remove the messages of deleted lines (tried again on the next change): {}", e.toString());
                }
            });
        }
    }

    /** Deletes the messages (rows and files) of extensions that are no line; how many. */
    public int dropOrphans() {
        int n = 0;
        for (VoiceMessage m : repository.orphans()) {
            if (repository.delete(m.extension(), m.id())) {
                n++;
                try {
                    java.nio.file.Files.deleteIfExists(audio(m));
                    java.nio.file.Files.deleteIfExists(root.resolve(m.extension())); // only when empty
                } catch (java.nio.file.DirectoryNotEmptyException e) {
                    // other messages' files still there: removed with their rows
                } catch (java.io.IOException e) {
                    log.warn("message {} of deleted line {} is gone but its file stays: {}", m.id(), m.extension(), e.toString());
                }
            }
        }
        if (n > 0) {
            log.info("{} voice messages of deleted lines removed", n);
        }
        for (String extension : repository.dropOrphanBoxes()) {
            try {
                java.nio.file.Files.deleteIfExists(greeting(extension));
                java.nio.file.Files.deleteIfExists(root.resolve(extension));
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // messages' files still there: removed with their rows
            } catch (java.io.IOException e) {
                log.warn("the greeting of deleted line {} stays: {}", extension, e.toString());
            }
        }
        return n;
    }

    /**
     * At start: the lamps' counts live in memory only, so every box with messages tells its lamp
     * again; a phone that registers or subscribes afterwards sees its lamp lit.
     */
    public void relightAll() {
        repository.extensionsWithMessages().forEach(this::updateLamp);
    }

    /**
     * At start: the {@code .part} files of messages that were being recorded when the server
     * stopped are no messages (no row names them); they are deleted. How many.
     */
    public int removeUnfinished() {
        if (!java.nio.file.Files.isDirectory(root)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root, 2)) {
            List<Path> parts = files.filter(p -> p.getFileName().toString().endsWith(".part") && java.nio.file.Files.isRegularFile(p)).toList();
            for (Path p : parts) {
                java.nio.file.Files.deleteIfExists(p);
            }
            if (!parts.isEmpty()) {
                log.info("{} unfinished voice messages of the last run removed", parts.size());
            }
            return parts.size();
        } catch (java.io.IOException e) {
            log.warn("cannot remove unfinished voice messages under {}: {}", root, e.toString());
            return 0;
        }
    }

    /** Marks a heard message saved and tells the lamp; false when the box has no such message. */
    public boolean markSaved(String extension, long id) {
        if (!repository.setState(extension, id, "saved")) {
            return false;
        }
        updateLamp(extension);
        return true;
    }

    // ------------------------------------------------------------------ the box's PIN, greeting and options

    /** A box's options as the API shows them: never the PIN, only whether one is set. */
    public record Options(boolean pinSet, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
    }

    public Options options(String extension) {
        VoicemailRepository.Box b = repository.box(extension);
        return new Options(b.pinHash() != null, b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds());
    }

    /** Sets the line's own choices (null forwarding values: the typed settings decide). */
    public void setOptions(String extension, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
        VoicemailRepository.Box b = repository.box(extension);
        repository.saveBox(new VoicemailRepository.Box(extension, b.pinHash(), ownPhoneNoPin, onBusy, noAnswerSeconds), null);
    }

    /** Why {@code pin} cannot be a mailbox PIN, or empty: 4 to 8 digits, what a phone's keypad types. */
    public static Optional<String> pinProblem(String pin) {
        return pin != null && pin.matches("[0-9]{4,8}") ? Optional.empty() : Optional.of("a mailbox PIN is 4 to 8 digits");
    }

    /** Stores the PIN's slow salted hash (never the digits); the caller checked {@link #pinProblem}. */
    public void setPin(String extension, String pin) {
        if (pinProblem(pin).isPresent()) {
            throw new IllegalArgumentException(pinProblem(pin).get());
        }
        VoicemailRepository.Box b = repository.box(extension);
        repository.saveBox(new VoicemailRepository.Box(extension, io.phonehome.auth.PinHash.hash(pin), b.ownPhoneNoPin(), b.onBusy(),
                b.noAnswerSeconds()), Instant.now());
    }

    /** Removes the PIN: the box then opens for nobody by PIN (the own phone only if it needs none). */
    public void clearPin(String extension) {
        VoicemailRepository.Box b = repository.box(extension);
        repository.saveBox(new VoicemailRepository.Box(extension, null, b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds()), Instant.now());
    }

    /** Whether {@code pin} is the box's PIN; false when it has none (checked as slowly either way). */
    public boolean pinMatches(String extension, String pin) {
        String stored = repository.box(extension).pinHash();
        boolean right = io.phonehome.auth.PinHash.matches(pin, stored == null ? NO_PIN : stored);
        return right && stored != null;
    }

    private static final String NO_PIN = io.phonehome.auth.PinHash.hash("no pin here");

    /** Where the box's greeting is kept (it may not exist). */
    public Path greeting(String extension) {
        return root.resolve(extension).resolve("greeting.wav");
    }

    /** The box's greeting, when one was recorded or uploaded and still reads as audio. */
    public Optional<io.phonehome.media.Clip> greetingClip(String extension) {
        Path g = greeting(extension);
        if (!java.nio.file.Files.isRegularFile(g)) {
            return Optional.empty();
        }
        try {
            io.phonehome.media.Outcome<io.phonehome.media.Clip> read = io.phonehome.media.WavAudio.read(java.nio.file.Files.readAllBytes(g));
            if (!read.isOk()) {
                log.warn("the greeting of mailbox {} is not usable audio ({}): the standard one is played", extension, read.why());
                return Optional.empty();
            }
            return Optional.of(read.value());
        } catch (java.io.IOException e) {
            log.warn("cannot read the greeting of mailbox {}: {}", extension, e.toString());
            return Optional.empty();
        }
    }

    /** Replaces the greeting by an uploaded WAV; refused (with the reason) when it is not audio Phonehome reads. */
    public Optional<String> uploadGreeting(String extension, byte[] wav) throws java.io.IOException {
        io.phonehome.media.Outcome<io.phonehome.media.Clip> read = io.phonehome.media.WavAudio.read(wav);
        if (!read.isOk()) {
            return Optional.of(read.why());
        }
        repository.saveBox(repository.box(extension), null);
        // kept as 8 kHz PCM, the form a greeting recorded by phone has, so both play the same way
        short[] pcm = read.value().pcm8k();
        try (io.phonehome.media.WavRecording r = io.phonehome.media.WavRecording.start(greeting(extension), Math.max(1, pcm.length))) {
            r.append(pcm);
            r.finish();
        }
        return Optional.empty();
    }

    /** A recording that becomes the box's greeting when finished (the box's row is made, so the line's deletion takes it along). */
    public io.phonehome.media.WavRecording startGreeting(String extension, long maxSamples) throws java.io.IOException {
        repository.saveBox(repository.box(extension), null);
        return io.phonehome.media.WavRecording.start(greeting(extension), maxSamples);
    }

    /** Deletes the greeting (the standard one plays again); false when there was none. */
    public boolean deleteGreeting(String extension) throws java.io.IOException {
        return java.nio.file.Files.deleteIfExists(greeting(extension));
    }

    /** Tells the lamp the box's counts now. */
    void updateLamp(String extension) {
        try {
            lamps.messagesWaiting(extension, (int) repository.count(extension, "new"), (int) repository.count(extension, "saved"));
        } catch (IllegalArgumentException e) {
            log.debug("no lamp for mailbox {}: {}", extension, e.getMessage());
        }
    }
}
