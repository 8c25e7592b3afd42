package io.phonehome.ivr;

import io.phonehome.inventory.FieldError;
import io.phonehome.inventory.NotFoundException;
import io.phonehome.inventory.ValidationException;
import io.phonehome.media.Clip;
import io.phonehome.media.Outcome;
import io.phonehome.media.WavAudio;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * The announcements people upload: each WAV is read by {@link WavAudio} (which refuses anything
 * it cannot read exactly, with the reason), normalised to 16 kHz 16-bit mono and written under
 * {@code <data_dir>/announcements/} through a temporary file and a rename, so a call never plays
 * half a file. Each announcement is held as one {@link Clip} once read (the upload's own, or the
 * file's on first use after a restart), so it is converted once per codec however many calls play
 * it; a new upload or a delete replaces or drops that clip.
 */
public final class Announcements {
    /** The largest upload taken: about 4 minutes of 16 kHz 16-bit mono, 8 of 8 kHz. */
    public static final int MAX_UPLOAD_BYTES = 8 * 1024 * 1024;
    static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");

    private final AnnouncementRepository repository;
    private final Path root;
    private final Clock clock;
    private final Map<String, Clip> clips = new ConcurrentHashMap<>();

    Announcements(AnnouncementRepository repository, Path root, Clock clock) {
        this.repository = repository;
        this.root = root;
        this.clock = clock;
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ValidationException(List.of(FieldError.of("name", "an announcement's name is 1 to 64 of a-z, 0-9, _ and -, "
                    + "beginning with a letter or digit")));
        }
    }

    /** Reads, normalises and keeps {@code wav} as {@code name} (for {@code siteId}, or every site when null), replacing the one before. */
    Announcement upload(String name, Long siteId, byte[] wav, String by) {
        checkName(name);
        Outcome<Clip> read = WavAudio.read(wav);
        if (!read.isOk()) {
            throw new ValidationException(List.of(FieldError.of("body", read.why())));
        }
        Clip clip = read.value();
        String file = (siteId == null ? "global" : "site" + siteId) + "-" + name + ".wav";
        try {
            Files.createDirectories(root);
            Path tmp = Files.createTempFile(root, ".upload-", ".part");
            try {
                Files.write(tmp, WavAudio.write(clip.pcm16k(), Clip.RATE));
                try {
                    Files.move(tmp, root.resolve(file), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                } catch (AtomicMoveNotSupportedException e) {
                    Files.move(tmp, root.resolve(file), StandardCopyOption.REPLACE_EXISTING);
                }
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store announcement " + name + " under " + root, e);
        }
        Announcement a = repository.save(name, siteId, clip.durationMillis(), file, by, clock.instant());
        clips.put(key(name, siteId), clip);
        return a;
    }

    List<Announcement> list() {
        return repository.all();
    }

    Optional<Announcement> find(String name, Long siteId) {
        return repository.find(name, siteId);
    }

    Announcement get(String name, Long siteId) {
        return find(name, siteId).orElseThrow(() -> new NotFoundException("no announcement " + name
                + (siteId == null ? " for every site" : " at site " + siteId)));
    }

    /** Whether a menu of {@code siteId} can play {@code name}: the site's own or a global one. */
    boolean playable(String name, long siteId) {
        return find(name, siteId).isPresent() || find(name, null).isPresent();
    }

    /** The audio file of {@code a} (16 kHz 16-bit mono WAV). */
    Path file(Announcement a) {
        return root.resolve(a.fileName());
    }

    void delete(Announcement a) {
        repository.delete(a.id());
        clips.remove(key(a.name(), a.siteId()));
        try {
            Files.deleteIfExists(file(a));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file(a), e);
        }
    }

    /**
     * The clip a call at {@code siteId} plays for {@code name}: the site's own, else the global one;
     * read from disk once and kept. Empty when it is gone (deleted since the menu was checked).
     */
    Optional<Clip> clip(String name, long siteId) {
        for (Long scope : new Long[] {siteId, null}) {
            Clip c = clips.get(key(name, scope));
            if (c != null) {
                return Optional.of(c);
            }
            Optional<Announcement> a = find(name, scope);
            if (a.isPresent()) {
                try {
                    Outcome<Clip> read = WavAudio.read(Files.readAllBytes(file(a.get())));
                    if (read.isOk()) {
                        clips.put(key(name, scope), read.value());
                        return Optional.of(read.value());
                    }
                } catch (IOException e) {
                    return Optional.empty();
                }
            }
        }
        return Optional.empty();
    }

    private static String key(String name, Long siteId) {
        return (siteId == null ? "*" : siteId.toString()) + "/" + name;
    }
}
