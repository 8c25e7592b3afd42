package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.phones.VendorRegistry;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Real firmware file names (vendor-formats.md 1.7, 2.3, 3.6, 4.8, 5.7), one row each. */
class ImageNamingTest {
    static final VendorRegistry PHONES = VendorRegistry.builtIn();

    @ParameterizedTest(name = "{0}/{1}{2}")
    @CsvSource(delimiter = '|', value = {
            // vendor | directory | file | models | version | kind
            "yealink |         | T46U-108.86.0.20.rom                          | T46U                              | 108.86.0.20 | DEVICE",
            "yealink |         | T54W(T57W,T53W,T53,T53C,T54,T57)-96.87.0.15.rom | T54W,T57W,T53W,T53,T53C,T54,T57 | 96.87.0.15  | DEVICE",
            "yealink |         | T58W-OS12-150.87.0.15.rom                     | T58W                              | 150.87.0.15 | DEVICE",
            "yealink |         | T77(T73,T74,T73U,T74U,T77U,T85W,T87W)-185.87.0.34.rom | T77,T73,T74,T73U,T74U,T77U,T85W,T87W | 185.87.0.34 | DEVICE",
            "yealink |         | W90DM-130.87.0.18.rom                         | W90DM                             | 130.87.0.18 | DEVICE",
            "yealink |         | W70B-146.87.0.15.rom                          | W70B                              | 146.87.0.15 | DEVICE",
            "yealink |         | W56H-61.87.0.5.rom                            | W56H                              | 61.87.0.5   | HANDSET",
            "snom    |         | snomD785-10.1.184.15-SIP-r.bin                | D785                              | 10.1.184.15 | DEVICE",
            "snom    |         | snomD865-10.1.184.15-SIP-r.swu                | D865                              | 10.1.184.15 | DEVICE",
            "grandstream | 1.0.11.16 | gxp2170fw.bin                         | GXP2170                           | 1.0.11.16   | DEVICE",
            "grandstream | 1.0.9.103 | grp2614fw.bin                         | GRP2614                           | 1.0.9.103   | DEVICE",
            "fanvil  |         | x4u-fanvil-release-ff01-6903-2.12.20-krnlvUT2024-07-16-04.42.26.z | X4U       | 2.12.20.6903 | DEVICE",
            "fanvil  |         | x210pro-fanvil-release-6959-2.12.20-krnl2024.z | X210PRO                          | 2.12.20.6959 | DEVICE",
            "fanvil  |         | v67_fanvil_2.6.10.1992_20241023_full.zip      | V67                               | 2.6.10.1992 | DEVICE",
    })
    void readsWhatTheVendorsNamingSays(String vendor, String directory, String file, String models, String version, ImageKind kind) {
        Optional<ImageNaming.Named> n = ImageNaming.parse(PHONES.plugin(vendor).orElseThrow(), directory == null ? List.of() : List.of(directory), file);
        assertThat(n).isPresent();
        assertThat(n.get().models()).containsExactly(models.split(","));
        assertThat(n.get().version()).isEqualTo(version);
        assertThat(n.get().kind()).isEqualTo(kind);
    }

    @ParameterizedTest(name = "{0}/{1}{2}")
    @CsvSource(delimiter = '|', value = {
            "yealink     |           | T46U.rom",
            "yealink     |           | T46U-108.86.rom",
            "yealink     | 108.86.0.20 | T46U-108.86.0.20.rom",
            "snom        |           | snomD785-SIP-r.bin",
            "snom        |           | snomD7C-1.6.1-r.bin",
            "grandstream |           | gxp2170fw.bin",
            "grandstream | latest..  | gxp2170fw.bin",
            "grandstream | 1.0.11.16 | Release_GXP2170_1.0.11.16.zip",
            "fanvil      |           | x4u-firmware.bin",
            "cisco       |           | anything-1.2.3.bin",
    })
    void leavesNamesItCannotReadToAManifest(String vendor, String directory, String file) {
        assertThat(PHONES.plugin(vendor).flatMap(p -> ImageNaming.parse(p, directory == null ? List.of() : List.of(directory), file))).isEmpty();
    }
}
