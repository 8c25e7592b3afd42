package io.phonehome.firmware;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a firmware file's name says about it, where the vendor's naming says it
 * ({@code ../shared/vendor-formats.md} 1.7, 2.3, 3.6, 4.8, 5.7). Anything else needs a manifest
 * beside the file (see {@link ImageManifest}).
 *
 * <ul>
 * <li>Yealink: {@code <MODEL>[(<MODEL>,...)][-<tag>]-<version>.rom}, e.g.
 *     {@code T46U-108.86.0.20.rom}, {@code T54W(T57W,T53W,T53,T53C,T54,T57)-96.87.0.15.rom},
 *     {@code T58W-OS12-150.87.0.15.rom}, {@code W90B-130.87.0.18.rom}; handset over-the-air
 *     images the same way ({@code W56H-61.87.0.5.rom}) for the handset models below.</li>
 * <li>Snom: {@code snom<TYPE>-<version>-SIP-r.bin} or {@code .swu} (D8xx).</li>
 * <li>Grandstream: phones ask for {@code <model>fw.bin} ({@code gxp2170fw.bin}) in the directory
 *     they are given, so the catalog keeps each version in a directory of its own:
 *     {@code grandstream/<version>/gxp2170fw.bin}.</li>
 * <li>Fanvil: {@code <model>-fanvil-release-[...-]<build>-<x.y.z>-....z}
 *     ({@code x4u-fanvil-release-6903-2.12.20-krnl....z}) and
 *     {@code <model>_fanvil_<x.y.z.build>_<date>_full.zip}. The phone reports
 *     {@code x.y.z.build} in its User-Agent ({@code Fanvil X4 2.10.2.6887}), so that is the
 *     version: inferred from the two name forms and the User-Agents seen, UNVERIFIED on a phone
 *     (a manifest settles it).</li>
 * </ul>
 */
public final class ImageNaming {
    /** What a name says. */
    public record Named(List<String> models, String version, ImageKind kind) {
        public Named {
            models = List.copyOf(models);
        }
    }

    /**
     * Yealink DECT handsets and dongles with over-the-air images, as the base names them in
     * {@code over_the_air.url.<model>} (wazo-provd v87 {@code HANDSETS_FW}).
     */
    public static final Set<String> YEALINK_HANDSETS = Set.of("W52H", "W53H", "W56H", "W57R", "W59R", "W73H", "W74H", "W78H", "CP930W",
            "T41S_DD10K", "T54W_DD10K");

    private static final Pattern YEALINK = Pattern.compile(
            "(?<first>[A-Za-z0-9_]+)(?:\\((?<more>[A-Za-z0-9_]+(?:,[A-Za-z0-9_]+)*)\\))?(?:-[A-Za-z][A-Za-z0-9]*)*-(?<version>\\d+(?:\\.\\d+){3})\\.rom");
    private static final Pattern SNOM = Pattern.compile("snom(?<type>[A-Za-z0-9]+)-(?<version>\\d+(?:\\.\\d+){2,4})-SIP-r\\.(?:bin|swu)");
    private static final Pattern GRANDSTREAM = Pattern.compile("(?<model>[a-z]{2,4}[0-9]{3,4}[a-z]?)fw\\.bin");
    private static final Pattern FANVIL_RELEASE = Pattern.compile(
            "(?<model>[a-z][a-z0-9]*)-fanvil-release-(?:[a-z0-9]+-)*?(?<build>\\d{3,6})-(?<version>\\d+\\.\\d+\\.\\d+)-.*\\.z");
    private static final Pattern FANVIL_FULL = Pattern.compile("(?<model>[a-z][a-z0-9]*)_fanvil_(?<version>\\d+(?:\\.\\d+){3})_.*\\.zip");

    private ImageNaming() {
    }

    /**
     * @param vendor      the vendor directory the file is in
     * @param directories the directories between the vendor directory and the file (Grandstream: the version)
     * @param fileName    the file's name
     */
    public static Optional<Named> parse(String vendor, List<String> directories, String fileName) {
        return switch (vendor) {
            case "yealink" -> directories.isEmpty() ? yealink(fileName) : Optional.empty();
            case "snom" -> directories.isEmpty() ? snom(fileName) : Optional.empty();
            case "grandstream" -> directories.size() == 1 ? grandstream(directories.get(0), fileName) : Optional.empty();
            case "fanvil" -> directories.isEmpty() ? fanvil(fileName) : Optional.empty();
            default -> Optional.empty();
        };
    }

    static Optional<Named> yealink(String name) {
        Matcher m = YEALINK.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<String> models = new ArrayList<>();
        models.add(m.group("first").toUpperCase(Locale.ROOT));
        if (m.group("more") != null) {
            for (String s : m.group("more").split(",")) {
                models.add(s.toUpperCase(Locale.ROOT));
            }
        }
        boolean handset = models.stream().allMatch(YEALINK_HANDSETS::contains);
        return Optional.of(new Named(models, m.group("version"), handset ? ImageKind.HANDSET : ImageKind.DEVICE));
    }

    static Optional<Named> snom(String name) {
        Matcher m = SNOM.matcher(name);
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new Named(List.of(m.group("type").toUpperCase(Locale.ROOT)), m.group("version"), ImageKind.DEVICE));
    }

    static Optional<Named> grandstream(String versionDirectory, String name) {
        Matcher m = GRANDSTREAM.matcher(name);
        if (!m.matches() || !Versions.isValid(versionDirectory)) {
            return Optional.empty();
        }
        return Optional.of(new Named(List.of(m.group("model").toUpperCase(Locale.ROOT)), versionDirectory, ImageKind.DEVICE));
    }

    static Optional<Named> fanvil(String name) {
        Matcher m = FANVIL_RELEASE.matcher(name);
        if (m.matches()) {
            return Optional.of(new Named(List.of(m.group("model").toUpperCase(Locale.ROOT)), m.group("version") + "." + m.group("build"),
                    ImageKind.DEVICE));
        }
        m = FANVIL_FULL.matcher(name);
        if (m.matches()) {
            return Optional.of(new Named(List.of(m.group("model").toUpperCase(Locale.ROOT)), m.group("version"), ImageKind.DEVICE));
        }
        return Optional.empty();
    }
}
