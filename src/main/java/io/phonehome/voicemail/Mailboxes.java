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
 * The lines' mailboxes, one per extension of each customer ({@link MailboxId}): where a new
 * message's audio goes ({@link #folder}), the row that makes a finished recording a message, and
 * the message lamp, which is told the box's new and saved counts through the {@link MessageWaiting}
 * port whenever they change.
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

    /** Extension {@code extension}'s box at the default customer (the only one of a single-customer installation). */
    public MailboxId defaultBox(String extension) {
        return new MailboxId(repository.defaultCustomer(), extension);
    }

    /** Why a message cannot be left. */
    public enum Refusal { NO_SUCH_LINE, FULL }

    /**
     * Where a new message for {@code box} is to be recorded (a name no other message has),
     * or why none can be left now.
     */
    public Optional<Refusal> refusal(MailboxId box) {
        if (!isLineName(box)) {
            return Optional.of(Refusal.NO_SUCH_LINE);
        }
        return repository.count(box) >= maxMessages ? Optional.of(Refusal.FULL) : Optional.empty();
    }

    /** A fresh file for a message to {@code box}; the box must have passed {@link #refusal}. */
    public Path newMessageFile(MailboxId box) {
        byte[] token = new byte[8];
        RANDOM.nextBytes(token);
        return folder(box).resolve(System.currentTimeMillis() + "-" + HexFormat.of().formatHex(token) + ".wav");
    }

    /** A complete recording becomes a new message, and the lamp lights. */
    public long stored(MailboxId box, String caller, Instant startedAt, long durationMillis, Path file) {
        long id = repository.insert(box, caller.length() > 200 ? caller.substring(0, 200) : caller, startedAt, durationMillis,
                file.getFileName().toString());
        updateLamp(box);
        return id;
    }

    public List<VoiceMessage> list(MailboxId box) {
        return repository.list(box);
    }

    /** The box's counts: unheard and saved messages. */
    public Counts counts(MailboxId box) {
        return new Counts(repository.count(box, "new"), repository.count(box, "saved"));
    }

    public record Counts(long newMessages, long savedMessages) {
    }

    /** Whether {@code box} names an extension spelled as one and its customer has a line with it (a box exists for it). */
    public boolean isLineName(MailboxId box) {
        return box.extension().matches("[0-9A-Za-z._+-]{1,32}") && repository.lineExists(box);
    }

    public boolean isLine(MailboxId box) {
        return repository.lineExists(box);
    }

    public Optional<VoiceMessage> message(MailboxId box, long id) {
        return repository.find(box, id);
    }

    /** A message's audio file (a WAV under the box's directory). */
    public Path audio(VoiceMessage m) {
        return folder(m.box()).resolve(m.fileName());
    }

    /** Deletes a message (row, then file) and tells the lamp; false when the box has no such message. */
    public boolean delete(MailboxId box, long id) {
        Optional<VoiceMessage> m = repository.find(box, id);
        if (m.isEmpty() || !repository.delete(box, id)) {
            return false;
        }
        try {
            java.nio.file.Files.deleteIfExists(audio(m.get()));
        } catch (java.io.IOException e) {
            log.warn("message {} of mailbox {} is deleted but its file {} stays: {}", id, box, audio(m.get()), e.toString());
        }
        updateLamp(box);
        return true;
    }

    /**
     * The lines table changed: a sweep (in the background, coalesced, so an import of many lines
     * costs one or two) deletes the messages of every box that is no longer a line of its
     * customer. Keyed by customer and extension, so a re-import that writes a line anew in one
     * transaction keeps its box.
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

    /** Deletes the messages (rows and files) of boxes that are no line of their customer; how many. */
    public int dropOrphans() {
        int n = 0;
        for (VoiceMessage m : repository.orphans()) {
            if (repository.delete(m.box(), m.id())) {
                n++;
                try {
                    java.nio.file.Files.deleteIfExists(audio(m));
                    java.nio.file.Files.deleteIfExists(folder(m.box())); // only when empty
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
        for (MailboxId box : repository.dropOrphanBoxes()) {
            try {
                java.nio.file.Files.deleteIfExists(greeting(box));
                java.nio.file.Files.deleteIfExists(folder(box));
            } catch (java.nio.file.DirectoryNotEmptyException e) {
                // messages' files still there: removed with their rows
            } catch (java.io.IOException e) {
                log.warn("the greeting of deleted line {} stays: {}", box, e.toString());
            }
        }
        return n;
    }

    /**
     * At start: the lamps' counts live in memory only, so every box with messages tells its lamp
     * again; a phone that registers or subscribes afterwards sees its lamp lit.
     */
    public void relightAll() {
        repository.boxesWithMessages().forEach(this::updateLamp);
    }

    /**
     * At start: the {@code .part} files of messages that were being recorded when the server
     * stopped are no messages (no row names them); they are deleted. How many.
     */
    public int removeUnfinished() {
        if (!java.nio.file.Files.isDirectory(root)) {
            return 0;
        }
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(root, 3)) {
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
    public boolean markSaved(MailboxId box, long id) {
        if (!repository.setState(box, id, "saved")) {
            return false;
        }
        updateLamp(box);
        return true;
    }

    // ------------------------------------------------------------------ the box's PIN, greeting and options

    /** A box's options as the API shows them: never the PIN, only whether one is set. */
    public record Options(boolean pinSet, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
    }

    public Options options(MailboxId box) {
        VoicemailRepository.Box b = repository.box(box);
        return new Options(b.pinHash() != null, b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds());
    }

    /** Sets the line's own choices (null forwarding values: the typed settings decide). */
    public void setOptions(MailboxId box, boolean ownPhoneNoPin, Boolean onBusy, Integer noAnswerSeconds) {
        VoicemailRepository.Box b = repository.box(box);
        repository.saveBox(new VoicemailRepository.Box(box, b.pinHash(), ownPhoneNoPin, onBusy, noAnswerSeconds), null);
    }

    /** Why {@code pin} cannot be a mailbox PIN, or empty: 4 to 8 digits, what a phone's keypad types. */
    public static Optional<String> pinProblem(String pin) {
        return pin != null && pin.matches("[0-9]{4,8}") ? Optional.empty() : Optional.of("a mailbox PIN is 4 to 8 digits");
    }

    /** Stores the PIN's slow salted hash (never the digits); the caller checked {@link #pinProblem}. */
    public void setPin(MailboxId box, String pin) {
        if (pinProblem(pin).isPresent()) {
            throw new IllegalArgumentException(pinProblem(pin).get());
        }
        VoicemailRepository.Box b = repository.box(box);
        repository.saveBox(new VoicemailRepository.Box(box, io.phonehome.auth.PinHash.hash(pin), b.ownPhoneNoPin(), b.onBusy(),
                b.noAnswerSeconds()), Instant.now());
    }

    /** Removes the PIN: the box then opens for nobody by PIN (the own phone only if it needs none). */
    public void clearPin(MailboxId box) {
        VoicemailRepository.Box b = repository.box(box);
        repository.saveBox(new VoicemailRepository.Box(box, null, b.ownPhoneNoPin(), b.onBusy(), b.noAnswerSeconds()), Instant.now());
    }

    /** Whether {@code pin} is the box's PIN; false when it has none (checked as slowly either way). */
    public boolean pinMatches(MailboxId box, String pin) {
        String stored = repository.box(box).pinHash();
        boolean right = io.phonehome.auth.PinHash.matches(pin, stored == null ? NO_PIN : stored);
        return right && stored != null;
    }

    private static final String NO_PIN = io.phonehome.auth.PinHash.hash("no pin here");

    /** Where the box's greeting is kept (it may not exist). */
    public Path greeting(MailboxId box) {
        return folder(box).resolve("greeting.wav");
    }

    /** The box's greeting, when one was recorded or uploaded and still reads as audio. */
    public Optional<io.phonehome.media.Clip> greetingClip(MailboxId box) {
        Path g = greeting(box);
        if (!java.nio.file.Files.isRegularFile(g)) {
            return Optional.empty();
        }
        try {
            io.phonehome.media.Outcome<io.phonehome.media.Clip> read = io.phonehome.media.WavAudio.read(java.nio.file.Files.readAllBytes(g));
            if (!read.isOk()) {
                log.warn("the greeting of mailbox {} is not usable audio ({}): the standard one is played", box, read.why());
                return Optional.empty();
            }
            return Optional.of(read.value());
        } catch (java.io.IOException e) {
            log.warn("cannot read the greeting of mailbox {}: {}", box, e.toString());
            return Optional.empty();
        }
    }

    /** Replaces the greeting by an uploaded WAV; refused (with the reason) when it is not audio Phonehome reads. */
    public Optional<String> uploadGreeting(MailboxId box, byte[] wav) throws java.io.IOException {
        io.phonehome.media.Outcome<io.phonehome.media.Clip> read = io.phonehome.media.WavAudio.read(wav);
        if (!read.isOk()) {
            return Optional.of(read.why());
        }
        repository.saveBox(repository.box(box), null);
        // kept as 8 kHz PCM, the form a greeting recorded by phone has, so both play the same way
        short[] pcm = read.value().pcm8k();
        try (io.phonehome.media.WavRecording r = io.phonehome.media.WavRecording.start(greeting(box), Math.max(1, pcm.length))) {
            r.append(pcm);
            r.finish();
        }
        return Optional.empty();
    }

    /** A recording that becomes the box's greeting when finished (the box's row is made, so the line's deletion takes it along). */
    public io.phonehome.media.WavRecording startGreeting(MailboxId box, long maxSamples) throws java.io.IOException {
        repository.saveBox(repository.box(box), null);
        return io.phonehome.media.WavRecording.start(greeting(box), maxSamples);
    }

    /** Deletes the greeting (the standard one plays again); false when there was none. */
    public boolean deleteGreeting(MailboxId box) throws java.io.IOException {
        return java.nio.file.Files.deleteIfExists(greeting(box));
    }

    // ------------------------------------------------------------------ where a box's files are

    /** The prefix of a folder that holds another customer's boxes: no extension contains it. */
    static final String CUSTOMER_FOLDER = "@";

    /**
     * The folder of a box's greeting and messages: {@code <extension>} for the default customer (where
     * every box was before customers, so an existing installation's files stay put), and
     * {@code @<customer id>/<extension>} for another customer.
     */
    public Path folder(MailboxId box) {
        if (!box.extension().matches("[0-9A-Za-z._+-]{1,32}") || box.extension().startsWith(".")) {
            throw new IllegalArgumentException("no mailbox is named " + box.extension());
        }
        return box.customerId() == repository.defaultCustomer() ? root.resolve(box.extension())
                : root.resolve(CUSTOMER_FOLDER + box.customerId()).resolve(box.extension());
    }

    /**
     * At start, after the upgrade to mailboxes per customer (V8_14): a box the upgrade gave to
     * another customer than the default one (its extension was that customer's only) still has its
     * files in the folder every box had before, {@code <extension>}; they move to the customer's
     * folder, unless the default customer has a box of that extension too (then they are its). How
     * many boxes moved.
     */
    public int adoptFoldersOfOtherCustomers() {
        int moved = 0;
        for (MailboxId box : repository.boxesOfOtherCustomers()) {
            Path target;
            try {
                target = folder(box);
            } catch (IllegalArgumentException e) {
                continue;
            }
            Path before = root.resolve(box.extension());
            if (!java.nio.file.Files.isDirectory(before) || java.nio.file.Files.exists(target) || repository.defaultCustomerHasBox(box.extension())) {
                continue;
            }
            try {
                java.nio.file.Files.createDirectories(target.getParent());
                java.nio.file.Files.move(before, target, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
                moved++;
            } catch (java.io.IOException e) {
                log.warn("the files of mailbox {} stay in {} (they are not found there): {}", box, before, e.toString());
            }
        }
        if (moved > 0) {
            log.info("the files of {} mailboxes moved to their customers' folders", moved);
        }
        return moved;
    }

    /** Tells the lamp the box's counts now. */
    void updateLamp(MailboxId box) {
        try {
            lamps.messagesWaiting(box.customerId(), box.extension(), (int) repository.count(box, "new"), (int) repository.count(box, "saved"));
        } catch (IllegalArgumentException e) {
            log.debug("no lamp for mailbox {}: {}", box, e.getMessage());
        }
    }
}
