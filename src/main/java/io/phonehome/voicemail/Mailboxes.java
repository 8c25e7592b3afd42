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

    /** Tells the lamp the box's counts now. */
    void updateLamp(String extension) {
        try {
            lamps.messagesWaiting(extension, (int) repository.count(extension, "new"), (int) repository.count(extension, "saved"));
        } catch (IllegalArgumentException e) {
            log.debug("no lamp for mailbox {}: {}", extension, e.getMessage());
        }
    }
}
