package io.phonehome.firmware;

import io.phonehome.phones.VendorRegistry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.phonehome.inventory.SupportedModels;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FirmwareCatalogTest {
    static final VendorRegistry PHONES = VendorRegistry.builtIn();
    @TempDir
    Path tmp;

    FirmwareCatalog catalog() {
        return new FirmwareCatalog(tmp.resolve("installed"), tmp.resolve("data"), PHONES, PHONES.models(), 0, System::currentTimeMillis);
    }

    static byte[] fake(String label, int size) {
        byte[] b = new byte[size];
        byte[] head = ("PHONEHOME FAKE FIRMWARE " + label + "\n").getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < size; i++) {
            b[i] = i < head.length ? head[i] : (byte) (i * 31 + label.length());
        }
        return b;
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    Path put(String root, String rel, byte[] content) throws IOException {
        Path p = tmp.resolve(root).resolve(rel);
        Files.createDirectories(p.getParent());
        Files.write(p, content);
        return p;
    }

    @Test
    void indexesImagesByTheirNamesAndManifestsWithSizeAndHash() throws Exception {
        byte[] t46 = fake("T46U", 3000);
        put("installed", "yealink/T46U-108.86.0.20.rom", t46);
        put("installed", "yealink/T54W(T57W,T53W)-96.87.0.15.rom", fake("T54W", 100));
        put("installed", "grandstream/1.0.11.16/gxp2170fw.bin", fake("GXP2170", 200));
        put("data", "firmware/yealink/handset-w56h.rom", fake("W56H", 50));
        Files.writeString(tmp.resolve("data/firmware/yealink/handset-w56h.rom.manifest"), "models=W56H\nversion=61.87.0.5\nkind=handset\n");
        FirmwareCatalog c = catalog();

        assertThat(c.problems()).isEmpty();
        assertThat(c.list()).hasSize(4);
        FirmwareImage img = c.find("yealink", "T46U", "108.86.0.20", ImageKind.DEVICE).orElseThrow();
        assertThat(img.size()).isEqualTo(3000);
        assertThat(img.sha256()).isEqualTo(sha256(t46));
        assertThat(img.id()).isEqualTo(sha256(t46).substring(0, 16));
        assertThat(img.root()).isEqualTo("firmware");
        assertThat(c.find("yealink", "T57W", "96.87.0.15", ImageKind.DEVICE)).isPresent();
        assertThat(c.served("yealink", "96.87.0.15", "T57W-96.87.0.15.rom")).map(FirmwareCatalog.Served::model).contains("T57W");
        assertThat(c.find("grandstream", "GXP2170", "1.0.11.16", ImageKind.DEVICE)).isPresent();
        assertThat(c.served("grandstream", "1.0.11.16", "gxp2170fw.bin")).isPresent();
        FirmwareImage w56 = c.find("yealink", "W56H", "61.87.0.5", ImageKind.HANDSET).orElseThrow();
        assertThat(w56.manifest()).isTrue();
        assertThat(w56.root()).isEqualTo("data");
        assertThat(c.versions("yealink", "T46U")).containsExactly("108.86.0.20");
    }

    @Test
    void reportsWhatItCannotIndexInsteadOfServingIt() throws Exception {
        put("installed", "yealink/T46U-96.87.0.15.rom", fake("wrong family", 10));     // T46U runs 108.x
        put("installed", "yealink/readme.txt", fake("x", 10));                            // no naming, no manifest
        put("installed", "cisco/cp-8841.bin", fake("x", 10));                             // not a vendor
        put("installed", "T46U-108.86.0.20.rom", fake("x", 10));                          // outside a vendor directory
        put("installed", "snom/snomD785-10.1.184.15-SIP-r.bin", fake("torn", 10));
        Files.writeString(tmp.resolve("installed/snom/snomD785-10.1.184.15-SIP-r.bin.manifest"), "sha256=" + "0".repeat(64) + "\n");
        put("installed", "fanvil/x4u.z", fake("x", 10));
        Files.writeString(tmp.resolve("installed/fanvil/x4u.z.manifest"), "models=X4U\nversion=2.12.20\ncolour=blue\n");

        FirmwareCatalog c = catalog();
        assertThat(c.list()).isEmpty();
        assertThat(c.problems()).extracting(FirmwareCatalog.Problem::path).containsExactlyInAnyOrder("yealink/T46U-96.87.0.15.rom",
                "yealink/readme.txt", "cisco/cp-8841.bin", "T46U-108.86.0.20.rom", "snom/snomD785-10.1.184.15-SIP-r.bin", "fanvil/x4u.z");
        assertThat(c.problems()).anySatisfy(p -> assertThat(p.message()).contains("not T46U firmware"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p.message()).contains("corrupt or partial copy"));
        assertThat(c.problems()).anySatisfy(p -> assertThat(p.message()).contains("unknown key 'colour'"));
    }

    @Test
    void neverFollowsASymbolicLinkOutOfItsDirectory() throws Exception {
        Path outside = put("elsewhere", "secret.rom", "not firmware".getBytes(StandardCharsets.US_ASCII));
        Files.createDirectories(tmp.resolve("installed/yealink"));
        Files.createSymbolicLink(tmp.resolve("installed/yealink/T46U-108.86.0.21.rom"), outside);
        Files.createSymbolicLink(tmp.resolve("installed/snom"), tmp.resolve("elsewhere"));
        put("installed", "yealink/T46U-108.86.0.20.rom", fake("real", 10));
        Files.createSymbolicLink(tmp.resolve("installed/yealink/T46U-108.86.0.22.rom"), tmp.resolve("installed/yealink/T46U-108.86.0.20.rom"));

        FirmwareCatalog c = catalog();
        assertThat(c.find("yealink", "T46U", "108.86.0.21", ImageKind.DEVICE)).isEmpty();
        assertThat(c.problems()).anySatisfy(p -> {
            assertThat(p.path()).isEqualTo("yealink/T46U-108.86.0.21.rom");
            assertThat(p.message()).contains("outside the firmware directory");
        });
        assertThat(c.problems()).anySatisfy(p -> assertThat(p.path()).isEqualTo("snom/secret.rom"));
        assertThat(c.find("yealink", "T46U", "108.86.0.20", ImageKind.DEVICE)).isPresent();
        // a link inside the catalog to another image of the catalog is the same bytes: listed once
        assertThat(c.list()).hasSize(1);
    }

    @Test
    void addsAnUploadOnlyWhenItsHashMatches() throws Exception {
        FirmwareCatalog c = catalog();
        byte[] body = fake("upload", 70_000);
        FirmwareImage img = c.add(new FirmwareCatalog.Upload("yealink", "T46U-108.86.0.30.rom", null, null, null, sha256(body)),
                new ByteArrayInputStream(body), 1 << 20);
        assertThat(img.version()).isEqualTo("108.86.0.30");
        assertThat(img.models()).containsExactly("T46U");
        assertThat(Files.readAllBytes(img.file())).isEqualTo(body);
        assertThat(Files.readString(ImageManifest.of(img.file()))).contains("sha256=" + sha256(body));
        assertThat(img.root()).isEqualTo("data");

        // the same bytes again: nothing new
        FirmwareImage again = c.add(new FirmwareCatalog.Upload("yealink", "T46U-108.86.0.30.rom", null, null, null, sha256(body)),
                new ByteArrayInputStream(body), 1 << 20);
        assertThat(again.id()).isEqualTo(img.id());

        byte[] snom = fake("snom", 5000);
        byte[] torn = java.util.Arrays.copyOf(snom, snom.length - 1);
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("snom", "snomD785-10.1.184.15-SIP-r.bin", null, null, null, sha256(snom)),
                new ByteArrayInputStream(torn), 1 << 20))
                .isInstanceOf(FirmwareException.class).hasMessageContaining("corrupted upload");
        assertThat(c.find("snom", "D785", "10.1.184.15", ImageKind.DEVICE)).isEmpty();
        try (Stream<Path> files = Files.walk(tmp.resolve("data"))) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith("snomD785") || n.endsWith(".part"));
        }
    }

    @Test
    void refusesAnUploadForTheWrongModelOrWithoutAVersion() throws Exception {
        FirmwareCatalog c = catalog();
        byte[] body = fake("x", 100);
        String sha = sha256(body);
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("yealink", "T46U-96.87.0.15.rom", null, null, null, sha),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("not T46U firmware");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("snom", "snomD785-10.1.184.15-SIP-r.bin", null, List.of("D865"), null, sha),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("wrong model");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("grandstream", "gxp2170fw.bin", null, null, null, sha),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("needs its version");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("fanvil", "x4u-update.z", null, null, null, sha),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("no manifest says its version");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("yealink", "../../etc/T46U-108.86.0.20.rom", null, null, null, sha),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("not a plain image file name");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("yealink", "T46U-108.86.0.20.rom", null, null, null, "abc"),
                new ByteArrayInputStream(body), 1 << 20)).hasMessageContaining("sha256");
        assertThatThrownBy(() -> c.add(new FirmwareCatalog.Upload("yealink", "T46U-108.86.0.20.rom", null, null, null, sha),
                new ByteArrayInputStream(body), 50)).hasMessageContaining("larger than 50 bytes");
        assertThat(c.list()).isEmpty();
        // a manifest-described upload: Fanvil with the version the phone reports
        FirmwareImage f = c.add(new FirmwareCatalog.Upload("fanvil", "x4u-update.z", "2.12.20.6903", List.of("X4U"), null, sha),
                new ByteArrayInputStream(body), 1 << 20);
        assertThat(f.manifest()).isTrue();
        assertThat(catalog().find("fanvil", "X4U", "2.12.20.6903", ImageKind.DEVICE)).isPresent();
    }

    @Test
    void deletesAnImageAndItsManifest() throws Exception {
        FirmwareCatalog c = catalog();
        byte[] body = fake("del", 100);
        FirmwareImage img = c.add(new FirmwareCatalog.Upload("grandstream", "gxp2170fw.bin", "1.0.11.16", null, null, sha256(body)),
                new ByteArrayInputStream(body), 1 << 20);
        assertThat(img.relativePath()).isEqualTo("grandstream/1.0.11.16/gxp2170fw.bin");
        c.delete(img.id());
        assertThat(Files.exists(img.file())).isFalse();
        assertThat(Files.exists(ImageManifest.of(img.file()))).isFalse();
        assertThat(c.list()).isEmpty();
        assertThatThrownBy(() -> c.delete(img.id())).hasMessageContaining("no firmware image");
    }
}
