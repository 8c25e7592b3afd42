package io.phonehome.phones;

import io.phonehome.inventory.Mac;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises a phone's request for its company phonebook ({@link PhonePlugin#phonebookPath}) as a
 * per-device file of the MAC in the path, so that the resolver authorises, renders, caches and
 * records it exactly like the device's configuration: an unknown MAC or wrong credentials get the
 * same answer as for any per-device file.
 */
final class PhonebookRequests {
    /** A file name only this vendor uses (see {@link Identification}); asked only when the plug-in claimed nothing. */
    static final int SCORE = 20;
    /** Any MAC: where it appears in a plug-in's path shows which part of the path varies. */
    private static final Mac SAMPLE = Mac.parse("02aabbccddee");
    static final String CONTENT_TYPE = "text/xml; charset=utf-8";
    private static final Pattern HEX12 = Pattern.compile("(?i)[0-9a-f]{12}");

    private PhonebookRequests() {
    }

    /** Whether {@code name} is {@code sampleName} with any 12 characters where the sample MAC is (or equal, when it has none). */
    private static boolean sameShape(String name, String sampleName) {
        int at = sampleName.indexOf(SAMPLE.hex());
        if (at < 0) {
            return name.equals(sampleName);
        }
        return name.length() == sampleName.length() && name.regionMatches(0, sampleName, 0, at)
                && name.regionMatches(at + 12, sampleName, at + 12, sampleName.length() - at - 12);
    }

    static Optional<Identification> identify(PhonePlugin plugin, FetchRequest request) {
        String name = request.fileName();
        // Cheap refusal first, before any regular expression: this runs for every plug-in on every
        // fetch the plug-in did not claim. The last segment must have the shape of the plug-in's.
        Optional<String> sample = plugin.phonebookPath(SAMPLE);
        if (sample.isEmpty() || !sameShape(name, sample.get().substring(sample.get().lastIndexOf('/') + 1))) {
            return Optional.empty();
        }
        String dir = request.directory();
        String lastDir = dir.isEmpty() ? "" : dir.substring(dir.lastIndexOf('/') + 1);
        String tail = lastDir.isEmpty() ? name : lastDir + "/" + name;
        String full = dir.isEmpty() ? name : dir + "/" + name;
        Optional<Mac> mac = Optional.empty();
        // Every run of 12 hex digits: a path may put the MAC right after a letter that is a hex digit too ("pb" + MAC).
        Matcher m = HEX12.matcher(tail);
        for (int from = 0; mac.isEmpty() && m.find(from); from = m.start() + 1) {
            Optional<Mac> candidate = Mac.tryParse(m.group());
            Optional<String> path = candidate.flatMap(plugin::phonebookPath);
            if (path.isPresent() && (full.equals(path.get()) || full.endsWith("/" + path.get()))) {
                mac = candidate;
            }
        }
        if (mac.isEmpty()) {
            return Optional.empty();
        }
        Optional<AgentInfo> agent = plugin.parseUserAgent(request.userAgent());
        int score = SCORE + (agent.isPresent() ? 50 : 0);
        return Optional.of(new Identification(plugin.id(), score, FileKind.DEVICE, mac.get(), agent.map(AgentInfo::mac).orElse(null),
                agent.map(AgentInfo::model).orElse(null), agent.map(AgentInfo::firmware).orElse(null), plugin.phonebookTemplate(),
                CONTENT_TYPE));
    }
}
