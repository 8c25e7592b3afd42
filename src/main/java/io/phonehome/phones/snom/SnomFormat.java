package io.phonehome.phones.snom;

import java.util.Map;

/**
 * The configuration formats of Snom devices, chosen per model by the catalog's {@code format}
 * attribute. Both are answered under the same file names ({@link SnomFiles}); what differs is
 * the syntax of the files, so each format has its own template directory.
 */
enum SnomFormat {
    /** Desk and conference phones: {@code <settings><phone-settings>} with per-identity idx (templates/snom/). */
    DESK("", null),
    /**
     * M-series DECT bases (M300, M400, M700, M900): the same container, but SIP server slots and
     * extensions bound to handsets instead of identities (templates/snom/m-dect/, values from
     * {@link SnomDectValues}).
     */
    M_DECT("m-dect/", "m-dect");

    /** The catalog attribute naming a model's format; absent for the main (desk) format. */
    static final String ATTRIBUTE = "format";

    private final String templateDirectory;
    private final String attributeValue;

    SnomFormat(String templateDirectory, String attributeValue) {
        this.templateDirectory = templateDirectory;
        this.attributeValue = attributeValue;
    }

    /** The template that answers {@code base} (a name of {@link SnomFiles}) in this format. */
    String template(String base) {
        return templateDirectory + base;
    }

    /** The format a catalog row's attributes name; a value this plug-in does not know is refused. */
    static SnomFormat of(Map<String, String> attributes) {
        String value = attributes.get(ATTRIBUTE);
        if (value == null || value.isEmpty()) {
            return DESK;
        }
        for (SnomFormat f : values()) {
            if (value.equals(f.attributeValue)) {
                return f;
            }
        }
        throw new IllegalArgumentException("unknown Snom format '" + value + "' (known: m-dect)");
    }
}
