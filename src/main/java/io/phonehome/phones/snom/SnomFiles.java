package io.phonehome.phones.snom;

import io.phonehome.inventory.Mac;
import io.phonehome.phones.FileKind;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The names of the files a Snom phone fetches, in one place so that recognising a request and
 * writing a URL into a file can never disagree.
 *
 * <p>With a setting server URL that ends in '/', the firmware asks for {@code snom<TYPE>.htm} and
 * then {@code snom<TYPE>-<MAC>.htm}, TYPE as in its User-Agent ({@code D785}) and the MAC in upper
 * case (Snom wiki "Auto Provisioning", service.snom.com/display/wiki/Auto+Provisioning: a D345 with
 * MAC 000413A11FA7 fetches {@code snomD345.htm} and {@code snomD345-000413A11FA7.htm}). The
 * per-device {@code .htm} is a {@code <setting-files>} list naming {@code snom<TYPE>-<MAC>.xml}
 * (the settings); that file's {@code firmware_status} names {@code snom<TYPE>-<MAC>-firmware.xml}
 * when the device should upgrade (a firmware file must not be listed in a container file, Snom
 * wiki "Firmware Configuration File").
 *
 * <p>The M-series DECT bases use the same names with their own type ({@code snomM700.htm},
 * {@code snomM700-<MAC>.htm}: wazo-provd-plugins {@code plugins/wazo_snom/common_dect/common.py}
 * serves exactly these), although their User-Agent spells the MAC in lower case; which template
 * answers a name is the model's format ({@link SnomFormat}).
 *
 * <p>Names are matched case-exactly, as the firmware spells them. A name with the MAC in lower
 * case is never requested by a Snom phone, so it is not recognised (404): one device's secrets are
 * reachable under exactly one name per file.
 */
public final class SnomFiles {
    /** What a file name says. mac is null for the common file. */
    public record Parsed(FileKind kind, String model, Mac mac, String template) {
    }

    static final String COMMON_TEMPLATE = "common.htm.ftlx";
    static final String DEVICE_LIST_TEMPLATE = "mac.htm.ftlx";
    static final String SETTINGS_TEMPLATE = "mac.xml.ftlx";
    static final String FIRMWARE_TEMPLATE = "firmware.xml.ftlx";

    private static final String TYPE = "snom([A-Z0-9]{1,16})";
    private static final String MAC = "([0-9A-F]{12})";
    private static final Pattern COMMON = Pattern.compile(TYPE + "\\.htm");
    /** A per-device file name and the template that answers it. */
    private record DeviceForm(Pattern pattern, String template) {
    }

    private static final List<DeviceForm> DEVICE_FORMS = List.of(
            new DeviceForm(Pattern.compile(TYPE + "-" + MAC + "\\.htm"), DEVICE_LIST_TEMPLATE),
            new DeviceForm(Pattern.compile(TYPE + "-" + MAC + "\\.xml"), SETTINGS_TEMPLATE),
            new DeviceForm(Pattern.compile(TYPE + "-" + MAC + "-firmware\\.xml"), FIRMWARE_TEMPLATE));

    private SnomFiles() {
    }

    public static String common(String model) {
        return "snom" + model + ".htm";
    }

    public static String deviceList(String model, Mac mac) {
        return "snom" + model + "-" + mac.upper() + ".htm";
    }

    public static String settings(String model, Mac mac) {
        return "snom" + model + "-" + mac.upper() + ".xml";
    }

    public static String firmware(String model, Mac mac) {
        return "snom" + model + "-" + mac.upper() + "-firmware.xml";
    }

    /** Which Snom file a name is, or empty when it is none of them (or not spelled as the firmware spells it). */
    public static Optional<Parsed> parse(String fileName) {
        Matcher m = COMMON.matcher(fileName);
        if (m.matches()) {
            return Optional.of(new Parsed(FileKind.COMMON, m.group(1), null, COMMON_TEMPLATE));
        }
        for (DeviceForm form : DEVICE_FORMS) {
            Matcher d = form.pattern().matcher(fileName);
            if (d.matches()) {
                String model = d.group(1);
                return Mac.tryParse(d.group(2)).map(mac -> new Parsed(FileKind.DEVICE, model, mac, form.template()));
            }
        }
        return Optional.empty();
    }
}
