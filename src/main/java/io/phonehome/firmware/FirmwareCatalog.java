package io.phonehome.firmware;

import io.phonehome.inventory.ModelInfo;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.phones.ImageLayout;
import io.phonehome.phones.PhonePlugin;
import io.phonehome.phones.VendorRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firmware images Phonehome can hand out: every file below {@code firmware/} (the
 * {@code firmware_dir} setting) and {@code <data_dir>/firmware} (where uploads go), laid out as
 * {@code <vendor>/<file>} (or {@code <vendor>/<version>/<file>} for a vendor whose
 * {@link ImageLayout} says so), indexed by vendor, model(s), version and kind with size and
 * SHA-256. What an image is comes from the vendor's file naming ({@link ImageNaming}, asked of its
 * phone plug-in) or a manifest beside it ({@link ImageManifest}).
 *
 * <p>The index is rebuilt when it is older than {@code checkMillis} and something asks, so files
 * copied in by hand appear without a restart; hashes are cached by path, size and modification
 * time, so a rescan costs a directory walk. Files that cannot be indexed are listed in
 * {@link #problems()} instead of being served half-understood.
 *
 * <p>Path safety: lookups go through the index only (a request never names a file path), and
 * every indexed file must resolve, symbolic links followed, to a place inside its root; anything
 * that escapes is reported and skipped. With several nodes, the firmware directories must be
 * shared storage (or synced): the index is per node, the files are not copied between nodes.
 */
public final class FirmwareCatalog {
    private static final Logger log = LoggerFactory.getLogger(FirmwareCatalog.class);
    /** Upload names: what vendors ship, including multi-model names such as {@code T54W(T57W,T53W)-...}. */
    private static final Pattern UPLOAD_NAME = Pattern.compile("[A-Za-z0-9_(][A-Za-z0-9._\\-(),]{0,127}");
    private static final String PART = ".part";

    /** One directory the catalog reads. */
    public record Root(String name, Path dir) {
    }

    /** A file that is in a firmware directory but not in the catalog, and why. */
    public record Problem(String root, String path, String message) {
    }

    /** What an upload says about itself besides its bytes; null fields are taken from the file name. */
    public record Upload(String vendor, String fileName, String version, List<String> models, ImageKind kind, String sha256) {
        public Upload {
            models = models == null ? List.of() : List.copyOf(models);
        }
    }

    /** An image and the model a URL name serves it for. */
    public record Served(FirmwareImage image, String model) {
    }

    private record HashEntry(long size, long modified, String sha256) {
    }

    private record Index(List<FirmwareImage> images, Map<String, FirmwareImage> byId, Map<String, Served> byUrl,
                         Map<String, FirmwareImage> byModel, List<Problem> problems, long builtAt) {
    }

    private final List<Root> roots;
    private final Root uploads;
    private final Set<String> vendors;
    private final VendorRegistry phones;
    private final SupportedModels models;
    private final long checkMillis;
    private final LongSupplier clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Map<Path, HashEntry> hashes = new ConcurrentHashMap<>();
    private volatile Index index;

    /**
     * @param firmwareDir the installed catalog ({@code firmware_dir})
     * @param dataDir     the data directory; uploads go to its {@code firmware/} directory
     * @param phones      the phone plug-ins: their ids are the directory names that count, their
     *                    naming says what an image is and under which name it is served
     * @param checkMillis how old the index may get before a lookup rebuilds it
     */
    public FirmwareCatalog(Path firmwareDir, Path dataDir, VendorRegistry phones, SupportedModels models, long checkMillis, LongSupplier clock) {
        this.uploads = new Root("data", dataDir.resolve("firmware").toAbsolutePath().normalize());
        Path installed = firmwareDir.toAbsolutePath().normalize();
        this.roots = installed.equals(uploads.dir()) ? List.of(uploads) : List.of(uploads, new Root("firmware", installed));
        this.phones = phones;
        this.vendors = Set.copyOf(phones.vendorIds());
        this.models = models;
        this.checkMillis = checkMillis;
        this.clock = clock;
        this.index = build();
    }

    public List<Root> roots() {
        return roots;
    }

    /** Every image, by vendor, model and version. */
    public List<FirmwareImage> list() {
        return current().images();
    }

    /** Files found but not indexed, with the reason. */
    public List<Problem> problems() {
        return current().problems();
    }

    public Optional<FirmwareImage> byId(String id) {
        return Optional.ofNullable(current().byId().get(id == null ? "" : id.toLowerCase(Locale.ROOT)));
    }

    /** The image of {@code kind} for a model at a version, if the catalog has one. */
    public Optional<FirmwareImage> find(String vendor, String model, String version, ImageKind kind) {
        return Optional.ofNullable(current().byModel().get(modelKey(vendor, model, version, kind)));
    }

    /** Every version the catalog has for a model (device images), sorted. */
    public List<String> versions(String vendor, String model) {
        return current().images().stream().filter(i -> i.vendor().equals(vendor) && i.kind() == ImageKind.DEVICE && i.isFor(model))
                .map(FirmwareImage::version).distinct().sorted().toList();
    }

    /** What the URL {@code firmware/<vendor>/<version>/<name>} serves, if anything. */
    public Optional<Served> served(String vendor, String version, String name) {
        return Optional.ofNullable(current().byUrl().get(vendor + "/" + version + "/" + name));
    }

    /** The last segment of the URL {@code image} is served under for {@code model}: its vendor's choice. */
    public String servedName(FirmwareImage image, String model) {
        return plugin(image.vendor()).servedImageName(model, image.version(), image.fileName());
    }

    /**
     * The last segment of the firmware URL a device of {@code model} is given in its configuration
     * (its vendor's firmware may expand a placeholder there).
     */
    public String urlName(FirmwareImage image, ModelInfo model, String deviceModel) {
        return plugin(image.vendor()).imageUrlName(model, image.version(), servedName(image, deviceModel));
    }

    private PhonePlugin plugin(String vendor) {
        return phones.plugin(vendor).orElseThrow(() -> FirmwareException.invalid("'" + Versions.abbreviate(vendor) + "' is not a vendor with a plug-in"));
    }

    /** Rebuilds the index now (after a change made outside Phonehome, or in tests). */
    public void refresh() {
        lock.lock();
        try {
            index = build();
        } finally {
            lock.unlock();
        }
    }

    private Index current() {
        Index i = index;
        if (clock.getAsLong() - i.builtAt() >= checkMillis && lock.tryLock()) {
            try {
                if (clock.getAsLong() - index.builtAt() >= checkMillis) {
                    index = build();
                }
                i = index;
            } finally {
                lock.unlock();
            }
        }
        return i;
    }

    private static String modelKey(String vendor, String model, String version, ImageKind kind) {
        return vendor + "/" + (model == null ? "" : model.toUpperCase(Locale.ROOT)) + "/" + version + "/" + kind;
    }

    // ---------------------------------------------------------------- scanning

    private Index build() {
        List<FirmwareImage> images = new ArrayList<>();
        List<Problem> problems = new ArrayList<>();
        for (Root root : roots) {
            scan(root, images, problems);
        }
        // The data directory comes first, so an uploaded image wins over an installed one.
        Map<String, FirmwareImage> byId = new LinkedHashMap<>();
        Map<String, Served> byUrl = new HashMap<>();
        Map<String, FirmwareImage> byModel = new HashMap<>();
        List<FirmwareImage> kept = new ArrayList<>();
        for (FirmwareImage img : images) {
            if (byId.containsKey(img.id())) {
                problems.add(new Problem(img.root(), img.relativePath(), "the same image as " + byId.get(img.id()).root() + "/"
                        + byId.get(img.id()).relativePath() + "; that one is used"));
                continue;
            }
            List<String> clash = new ArrayList<>();
            for (String m : img.models()) {
                FirmwareImage other = byModel.get(modelKey(img.vendor(), m, img.version(), img.kind()));
                if (other != null) {
                    clash.add(m + " (" + other.root() + "/" + other.relativePath() + ")");
                }
            }
            if (!clash.isEmpty()) {
                problems.add(new Problem(img.root(), img.relativePath(), "another image already has version " + img.version() + " for "
                        + String.join(", ", clash) + "; that one is used"));
                continue;
            }
            byId.put(img.id(), img);
            kept.add(img);
            for (String m : img.models()) {
                byModel.put(modelKey(img.vendor(), m, img.version(), img.kind()), img);
                byUrl.put(img.vendor() + "/" + img.version() + "/" + servedName(img, m), new Served(img, m));
            }
        }
        kept.sort(Comparator.comparing(FirmwareImage::vendor).thenComparing(i -> i.models().get(0)).thenComparing(FirmwareImage::version)
                .thenComparing(FirmwareImage::relativePath));
        hashes.keySet().removeIf(p -> kept.stream().noneMatch(i -> i.file().equals(p)));
        return new Index(List.copyOf(kept), Map.copyOf(byId), Map.copyOf(byUrl), Map.copyOf(byModel), List.copyOf(problems),
                clock.getAsLong());
    }

    private void scan(Root root, List<FirmwareImage> images, List<Problem> problems) {
        if (!Files.isDirectory(root.dir())) {
            return;
        }
        Path realRoot;
        try {
            realRoot = root.dir().toRealPath();
        } catch (IOException e) {
            problems.add(new Problem(root.name(), "", "cannot read the directory: " + e.getMessage()));
            return;
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.dir(), 3, FileVisitOption.FOLLOW_LINKS)) {
            files = walk.filter(p -> !p.equals(root.dir())).sorted().toList();
        } catch (IOException | java.io.UncheckedIOException e) {
            problems.add(new Problem(root.name(), "", "cannot list the directory: " + e.getMessage()));
            return;
        }
        for (Path p : files) {
            Path rel = root.dir().relativize(p);
            String relText = rel.toString().replace('\\', '/');
            String name = p.getFileName().toString();
            if (name.startsWith(".") || name.endsWith(ImageManifest.SUFFIX) || name.endsWith(PART) || Files.isDirectory(p)
                    || relText.equals("README.md")) {
                continue;
            }
            try {
                Path real = p.toRealPath();
                if (!real.startsWith(realRoot)) {
                    problems.add(new Problem(root.name(), relText, "resolves outside the firmware directory (symbolic link); not served"));
                    continue;
                }
                if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
                    continue;
                }
                index(root, rel, real).ifPresent(images::add);
            } catch (FirmwareException e) {
                problems.add(new Problem(root.name(), relText, e.getMessage()));
            } catch (IOException e) {
                problems.add(new Problem(root.name(), relText, "cannot read: " + e.getMessage()));
            }
        }
    }

    private Optional<FirmwareImage> index(Root root, Path rel, Path real) throws IOException {
        String relText = rel.toString().replace('\\', '/');
        if (rel.getNameCount() < 2) {
            throw FirmwareException.invalid("images go in a vendor directory (" + String.join(", ", vendors.stream().sorted().toList()) + ")");
        }
        String vendor = rel.getName(0).toString();
        if (!vendors.contains(vendor)) {
            throw FirmwareException.invalid("'" + vendor + "' is not a vendor directory (" + String.join(", ", vendors.stream().sorted().toList())
                    + ")");
        }
        List<String> dirs = new ArrayList<>();
        for (int i = 1; i < rel.getNameCount() - 1; i++) {
            dirs.add(rel.getName(i).toString());
        }
        String fileName = rel.getFileName().toString();
        Path manifestFile = ImageManifest.of(root.dir().resolve(rel));
        ImageManifest manifest = Files.isRegularFile(manifestFile) ? ImageManifest.read(manifestFile) : null;
        Describe d = describe(vendor, dirs, fileName, manifest, null);
        long size = Files.size(real);
        long modified = Files.getLastModifiedTime(real).toMillis();
        String sha = sha256(real, size, modified);
        if (manifest != null && manifest.sha256() != null && !manifest.sha256().equals(sha)) {
            throw FirmwareException.invalid("its SHA-256 (" + sha.substring(0, 16) + "...) is not the manifest's (" + manifest.sha256().substring(0, 16)
                    + "...): a corrupt or partial copy; not served");
        }
        return Optional.of(new FirmwareImage(sha.substring(0, 16), vendor, d.models(), d.version(), d.kind(), relText, real, size, sha,
                Instant.ofEpochMilli(modified), root.name(), manifest != null));
    }

    private record Describe(List<String> models, String version, ImageKind kind) {
    }

    /**
     * What an image is, from its manifest (or upload request) and its name; checks that both agree
     * and that the version is firmware of the models it names (Yealink: the version's first field
     * is the model's firmware family).
     *
     * @param given what an upload request says, or null
     */
    private Describe describe(String vendor, List<String> dirs, String fileName, ImageManifest manifest, Upload given) {
        PhonePlugin plugin = plugin(vendor);
        Optional<ImageNaming.Named> named = ImageNaming.parse(plugin, dirs, fileName);
        if (manifest != null && manifest.vendor() != null && !manifest.vendor().equals(vendor)) {
            throw FirmwareException.invalid("the manifest says vendor " + manifest.vendor() + " but the image is in the " + vendor + " directory");
        }
        List<String> ms = manifest != null && !manifest.models().isEmpty() ? manifest.models() : null;
        String version = manifest != null ? manifest.version() : null;
        ImageKind kind = manifest != null ? manifest.kind() : null;
        if (given != null) {
            if (!given.models().isEmpty()) {
                ms = given.models().stream().map(m -> m.trim().toUpperCase(Locale.ROOT)).toList();
            }
            version = given.version() != null ? given.version() : version;
            kind = given.kind() != null ? given.kind() : kind;
            if (named.isPresent()) {
                ImageNaming.Named n = named.get();
                if (given.version() != null && !Versions.same(given.version(), n.version())) {
                    throw FirmwareException.invalid("the file name says version " + n.version() + ", the request says " + given.version());
                }
                if (!given.models().isEmpty() && !n.models().containsAll(ms)) {
                    throw FirmwareException.invalid("the file name says it is for " + String.join(", ", n.models()) + ", the request says "
                            + String.join(", ", ms) + ": an image for the wrong model is refused");
                }
            }
        }
        if (ms == null) {
            ms = named.map(ImageNaming.Named::models).orElse(null);
        }
        if (version == null) {
            version = named.map(ImageNaming.Named::version).orElse(null);
        }
        if (kind == null) {
            kind = named.map(ImageNaming.Named::kind).orElse(ImageKind.DEVICE);
        }
        if (ms == null || ms.isEmpty() || version == null) {
            throw FirmwareException.invalid("the name does not follow " + vendor + "'s firmware naming"
                    + (plugin.imageLayout().versionDirectory() ? " (" + plugin.imageLayout().example() + ")" : "")
                    + " and no manifest says " + (version == null ? "its version" : "its models"));
        }
        Versions.check(version);
        if (kind == ImageKind.DEVICE) {
            checkModels(vendor, ms, version);
        }
        return new Describe(ms, version, kind);
    }

    /** At least one model must be supported, and none may contradict the version's firmware family. */
    private void checkModels(String vendor, List<String> ms, String version) {
        boolean anySupported = false;
        for (String m : ms) {
            Optional<ModelInfo> info = models.find(vendor, m);
            if (info.isEmpty()) {
                continue;
            }
            anySupported = true;
            Optional<String> family = info.get().attribute("fw_family");
            if (family.isPresent()) {
                String first = version.split("\\.", 2)[0];
                if (!stripZeros(first).equals(stripZeros(family.get()))) {
                    throw FirmwareException.invalid("version " + version + " is not " + m + " firmware (" + m + " runs firmware family "
                            + family.get() + ".x): an image for the wrong model is refused");
                }
            }
        }
        if (!anySupported) {
            throw FirmwareException.invalid("none of its models (" + String.join(", ", ms) + ") is a supported " + vendor + " model");
        }
    }

    private static String stripZeros(String s) {
        String t = s.replaceFirst("^0+(?=\\d)", "");
        return t;
    }

    private String sha256(Path real, long size, long modified) throws IOException {
        HashEntry e = hashes.get(real);
        if (e != null && e.size() == size && e.modified() == modified) {
            return e.sha256();
        }
        MessageDigest md = sha256();
        try (InputStream in = Files.newInputStream(real)) {
            byte[] buf = new byte[1 << 16];
            int n;
            while ((n = in.read(buf)) > 0) {
                md.update(buf, 0, n);
            }
        }
        String sha = ImageManifest.hex(md.digest());
        hashes.put(real, new HashEntry(size, modified, sha));
        return sha;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    // ---------------------------------------------------------------- changes

    /**
     * Adds an image from an upload: the bytes are streamed to a temporary file while their
     * SHA-256 is computed, checked against {@code upload.sha256()} and only then moved into place
     * (with a manifest that records what the image is and its hash). A hash mismatch, a name or
     * model that does not fit, or an image the catalog already has for the same models and
     * version is refused and leaves nothing behind. Uploading the same bytes again returns the
     * image already there.
     *
     * @param maxBytes larger bodies are refused
     */
    public FirmwareImage add(Upload upload, InputStream body, long maxBytes) {
        String vendor = upload.vendor() == null ? "" : upload.vendor().trim().toLowerCase(Locale.ROOT);
        if (!vendors.contains(vendor)) {
            throw FirmwareException.invalid("vendor '" + Versions.abbreviate(upload.vendor()) + "' must be one of "
                    + String.join(", ", vendors.stream().sorted().toList()));
        }
        String name = upload.fileName() == null ? "" : upload.fileName().trim();
        if (!UPLOAD_NAME.matcher(name).matches() || name.endsWith(ImageManifest.SUFFIX) || name.endsWith(PART) || name.contains("..")) {
            throw FirmwareException.invalid("file name '" + Versions.abbreviate(name) + "' is not a plain image file name "
                    + "(letters, digits, . _ - ( ) , and at most 128 characters; no path)");
        }
        if (!ImageManifest.isSha256(upload.sha256() == null ? null : upload.sha256().trim().toLowerCase(Locale.ROOT))) {
            throw FirmwareException.invalid("sha256 of the upload (64 hex digits) is required, so that a corrupted transfer is refused");
        }
        String expected = upload.sha256().trim().toLowerCase(Locale.ROOT);
        if (upload.version() != null) {
            Versions.check(upload.version());
        }
        ImageLayout layout = plugin(vendor).imageLayout();
        if (layout.versionDirectory() && upload.version() == null) {
            throw FirmwareException.invalid("a " + vendor + " image needs its version: the phone asks for " + name + " by name, so each version "
                    + "has a directory of its own (" + layout.example() + ")");
        }
        List<String> dirs = layout.versionDirectory() ? List.of(upload.version()) : List.of();
        Describe d = describe(vendor, dirs, name, null, upload);
        Optional<FirmwareImage> sameId = byId(expected.substring(0, 16));
        for (String m : d.models()) {
            Optional<FirmwareImage> existing = find(vendor, m, d.version(), d.kind());
            if (existing.isPresent()) {
                if (existing.get().sha256().equals(expected)) {
                    drain(body, maxBytes);
                    return existing.get();
                }
                throw FirmwareException.conflict("the catalog already has " + vendor + " " + m + " " + d.version() + " ("
                        + existing.get().root() + "/" + existing.get().relativePath() + "); delete it first to replace it");
            }
        }
        if (sameId.isPresent()) {
            throw FirmwareException.conflict("these bytes are already in the catalog as " + sameId.get().root() + "/" + sameId.get().relativePath());
        }
        Path dir = uploads.dir().resolve(vendor);
        for (String s : dirs) {
            dir = dir.resolve(s);
        }
        Path target = dir.resolve(name).normalize();
        if (!target.startsWith(uploads.dir())) {
            throw FirmwareException.invalid("file name '" + name + "' leaves the firmware directory");
        }
        lock.lock();
        Path part = null;
        try {
            Files.createDirectories(dir);
            if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
                throw FirmwareException.conflict("a file named " + vendor + "/" + String.join("/", dirs) + (dirs.isEmpty() ? "" : "/") + name
                        + " is already in the data directory's catalog");
            }
            part = dir.resolve("." + name + "." + Long.toHexString(ThreadLocalRandom.current().nextLong()) + PART);
            MessageDigest md = sha256();
            long size = 0;
            try (OutputStream out = Files.newOutputStream(part, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                byte[] buf = new byte[1 << 16];
                int n;
                while ((n = body.read(buf)) > 0) {
                    size += n;
                    if (size > maxBytes) {
                        throw FirmwareException.invalid("the upload is larger than " + maxBytes + " bytes (firmware_max_upload_bytes)");
                    }
                    md.update(buf, 0, n);
                    out.write(buf, 0, n);
                }
            }
            String actual = ImageManifest.hex(md.digest());
            if (!actual.equals(expected)) {
                throw FirmwareException.invalid("corrupted upload: the " + size + " bytes received have SHA-256 " + actual + ", the request says "
                        + expected + "; nothing was stored");
            }
            if (size == 0) {
                throw FirmwareException.invalid("the upload is empty");
            }
            new ImageManifest(vendor, d.models(), d.version(), d.kind(), actual).write(target);
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE);
            part = null;
            log.info("firmware image added: {}/{} ({} {} {}, {} bytes)", uploads.name(), uploads.dir().relativize(target), vendor,
                    String.join(",", d.models()), d.version(), size);
            index = build();
            return byId(actual.substring(0, 16)).orElseThrow(() -> FirmwareException.invalid("the image was stored but could not be indexed: "
                    + problems().stream().filter(p -> p.path().endsWith(name)).map(Problem::message).findFirst().orElse("unknown reason")));
        } catch (IOException e) {
            throw FirmwareException.invalid("cannot store the image: " + e.getMessage());
        } finally {
            if (part != null) {
                try {
                    Files.deleteIfExists(part);
                } catch (IOException e) {
                    log.warn("cannot remove the partial upload {}: {}", part, e.getMessage());
                }
            }
            lock.unlock();
        }
    }

    /** Reads what is left of a body we do not need, so the client sees a normal answer. */
    private static void drain(InputStream body, long maxBytes) {
        try {
            byte[] buf = new byte[1 << 16];
            long n = 0;
            int r;
            while ((r = body.read(buf)) > 0 && (n += r) <= maxBytes) {
                // discard
            }
        } catch (IOException e) {
            // the answer does not depend on the rest of the body
        }
    }

    /**
     * Deletes an image file and its manifest. Whether it is still in use (targets, campaigns) is
     * the caller's check ({@link Firmware#deleteImage}); this only does the file work.
     */
    public FirmwareImage delete(String id) {
        FirmwareImage img = byId(id).orElseThrow(() -> FirmwareException.notFound("no firmware image with id " + id));
        lock.lock();
        try {
            Files.deleteIfExists(ImageManifest.of(img.file()));
            Files.delete(img.file());
            log.info("firmware image deleted: {}/{}", img.root(), img.relativePath());
            index = build();
            return img;
        } catch (NoSuchFileException e) {
            index = build();
            return img;
        } catch (IOException e) {
            throw FirmwareException.conflict("cannot delete " + img.root() + "/" + img.relativePath() + ": " + e.getMessage());
        } finally {
            lock.unlock();
        }
    }
}
