package io.phonehome.phones.fanvil;

import io.phonehome.phones.ConfigModel;
import io.phonehome.phones.RenderException;
import java.util.Map;

/**
 * A configuration syntax of Fanvil phones. The models of one catalog row share one, named by the
 * row's {@code format} attribute ({@code models/fanvil.csv}); each has its templates in its own
 * directory below {@code templates/fanvil/}, and the vendor-level templates only include the one
 * the model's syntax names. What differs between the syntaxes beyond element names (the codes of
 * a value, how a language is written) is answered here, so the plug-in asks its model's format
 * instead of testing which one it is.
 */
interface FanvilFormat {
    /** The catalog attribute naming a model's syntax; absent for the main one ({@link SysConfFormat}). */
    String ATTRIBUTE = "format";

    /** The template directory below {@code templates/fanvil/}: a constant, never catalog text. */
    String directory();

    /** SIP transport codes by {@code udp}, {@code tcp}, {@code tls}. */
    Map<String, Integer> transport();

    /** The site's language (ISO 639-1) as this syntax writes it; English where the firmware has none. */
    Object language(String isoCode);

    /**
     * The syntax of a model.
     *
     * @throws RenderException for a {@code format} this plug-in does not know (an operator's row
     *                         with a typo): the phone gets no file rather than one it cannot read
     */
    static FanvilFormat of(ConfigModel.ModelData model) {
        String name = model.attributes().get(ATTRIBUTE);
        if (name == null || name.isBlank()) {
            return SysConfFormat.INSTANCE;
        }
        if (name.trim().equals(VoipConfigFormat.NAME)) {
            return VoipConfigFormat.INSTANCE;
        }
        throw new RenderException("model " + model.name() + " has format=" + name + ", which Fanvil phones do not have (known: "
                + VoipConfigFormat.NAME + ", or no format for the sysConf syntax)");
    }
}
