package io.phonehome.phones.yealink;

/**
 * How Yealink firmware names a site's language, which differs by what is being set:
 * <ul>
 * <li>{@code lang.gui} / {@code lang.wui} on desk phones: the English name of the language
 *     ({@code French}, wazo-provd v87 common.py {@code _LOCALE});</li>
 * <li>{@code custom.handset.language} on DECT bases: a NUMBER, the handset's language index. The
 *     table is the comment of Yealink's DECT configuration template as fusionpbx ships it
 *     (resources/templates/provision/yealink/w80/y000000000175.cfg: "0-English, 1-French,
 *     2-German, 3-Italian, 4-Polish, 5-Portuguese, 6-Spanish, 7-Turkish, 8-Russian, 9-Czech (only
 *     for CP935W), 10-Swedish, 11-Slovak (only for CP935W)"); wazo-provd v87 _LOCALE sends the same
 *     numbers (en 0, fr 1, de 2, it 3, es 6). Czech is left out: only the CP935W has it;</li>
 * <li>{@code lang.wui} on DECT bases: their web UI offers only "English, Chinese_S, German,
 *     Italian and Turkish" (W52P/W60B/W70B templates, fusionpbx yealink/w70b/y000000000146.cfg)
 *     and "English, German, Italian and Turkish" on the multi-cell DECT manager (w80 template
 *     above). French, say, is no value there: such a site gets an English web UI.</li>
 * </ul>
 */
final class YealinkLanguages {
    private YealinkLanguages() {
    }

    /** Desk phone GUI and web UI language names; English where a language is missing. */
    static String deskName(String code) {
        return switch (code) {
            case "de" -> "German";
            case "fr" -> "French";
            case "it" -> "Italian";
            case "es" -> "Spanish";
            case "pt" -> "Portuguese";
            case "pl" -> "Polish";
            case "ru" -> "Russian";
            case "tr" -> "Turkish";
            case "cs" -> "Czech";
            case "nl" -> "Dutch";
            default -> "English";
        };
    }

    /** The {@code custom.handset.language} index; 0 (English) where the handsets have no such language. */
    static int handsetNumber(String code) {
        return switch (code) {
            case "fr" -> 1;
            case "de" -> 2;
            case "it" -> 3;
            case "pl" -> 4;
            case "pt" -> 5;
            case "es" -> 6;
            case "tr" -> 7;
            case "ru" -> 8;
            case "sv" -> 10;
            default -> 0;
        };
    }

    /** A web UI language every Yealink DECT base offers (single cell and multi-cell alike); English otherwise. */
    static String dectWebName(String code) {
        return switch (code) {
            case "de" -> "German";
            case "it" -> "Italian";
            case "tr" -> "Turkish";
            default -> "English";
        };
    }
}
