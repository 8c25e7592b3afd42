package io.phonehome.media;

import java.util.HexFormat;

final class Hex {
    private Hex() {
    }

    static byte[] bytes(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s", ""));
    }

    static String of(byte[] b) {
        return HexFormat.of().withUpperCase().formatHex(b);
    }
}
