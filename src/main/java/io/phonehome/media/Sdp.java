package io.phonehome.media;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A session description (RFC 4566) as far as a voice call needs it: origin, name, connection,
 * timing, attributes, and media descriptions with their own connection and attributes. Reading
 * is bounded before it starts ({@value #MAX_BYTES} bytes, {@value #MAX_LINES} lines,
 * {@value #MAX_MEDIA} media descriptions, {@value #MAX_FORMATS} formats each) and strict where
 * the RFC is: {@code v=0} first, {@code o=}, {@code s=} and {@code t=} present, every line
 * {@code <letter>=<value>}, and an unknown line letter refuses the whole description (section
 * 5: a parser must ignore a description it does not understand). Anything else it does not use,
 * like bandwidth or repeat times, is stepped over.
 */
public record Sdp(Origin origin, String sessionName, Optional<Connection> connection, List<Attribute> attributes,
        List<Media> media) {
    static final int MAX_BYTES = 16 * 1024;
    static final int MAX_LINES = 256;
    static final int MAX_LINE = 1024;
    static final int MAX_MEDIA = 16;
    static final int MAX_FORMATS = 64;
    private static final String KNOWN_TYPES = "vosiuepcbtrzkam";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+\\-.0-9A-Z^_`a-z{|}~]+");

    public Sdp {
        Objects.requireNonNull(origin, "origin");
        attributes = List.copyOf(attributes);
        media = List.copyOf(media);
    }

    /** {@code o=}: who made the description and its version (RFC 4566 section 5.2). */
    public record Origin(String username, String sessionId, String sessionVersion, String addressType, String address) {
        String format() {
            return username + " " + sessionId + " " + sessionVersion + " IN " + addressType + " " + address;
        }
    }

    /** {@code c=IN IP4|IP6 <address>}; a multicast TTL or count is not for calls and is refused. */
    public record Connection(String addressType, String address) {
        String format() {
            return "IN " + addressType + " " + address;
        }

        /** The RFC 2543 hold address: the peer wants nothing sent (RFC 3264 section 8.4). */
        public boolean isHold() {
            return address.equals("0.0.0.0");
        }
    }

    /** {@code a=<name>[:<value>]}. */
    public record Attribute(String name, Optional<String> value) {
        public static Attribute flag(String name) {
            return new Attribute(name, Optional.empty());
        }

        public static Attribute of(String name, String value) {
            return new Attribute(name, Optional.of(value));
        }

        String format() {
            return value.map(v -> name + ":" + v).orElse(name);
        }
    }

    /** {@code m=<media> <port> <proto> <fmt> ...} with its own lines. */
    public record Media(String type, int port, String proto, List<String> formats, Optional<Connection> connection,
            List<Attribute> attributes) {
        public Media {
            formats = List.copyOf(formats);
            attributes = List.copyOf(attributes);
        }

        /** The values of every {@code a=<name>:...} of this media description. */
        public List<String> values(String name) {
            return attributes.stream().filter(a -> a.name().equals(name)).flatMap(a -> a.value().stream()).toList();
        }

        public boolean has(String flag) {
            return attributes.stream().anyMatch(a -> a.name().equals(flag));
        }
    }

    /** All values of a session-level attribute. */
    public List<String> values(String name) {
        return attributes.stream().filter(a -> a.name().equals(name)).flatMap(a -> a.value().stream()).toList();
    }

    public boolean has(String flag) {
        return attributes.stream().anyMatch(a -> a.name().equals(flag));
    }

    /** The description on the wire, CRLF line ends. */
    public String format() {
        StringBuilder b = new StringBuilder(512);
        line(b, 'v', "0");
        line(b, 'o', origin.format());
        line(b, 's', sessionName.isEmpty() ? "-" : sessionName);
        connection.ifPresent(c -> line(b, 'c', c.format()));
        line(b, 't', "0 0");
        attributes.forEach(a -> line(b, 'a', a.format()));
        for (Media m : media) {
            line(b, 'm', m.type() + " " + m.port() + " " + m.proto() + " " + String.join(" ", m.formats()));
            m.connection().ifPresent(c -> line(b, 'c', c.format()));
            m.attributes().forEach(a -> line(b, 'a', a.format()));
        }
        return b.toString();
    }

    private static void line(StringBuilder b, char type, String value) {
        b.append(type).append('=').append(value).append("\r\n");
    }

    public static Outcome<Sdp> parse(byte[] body) {
        if (body.length > MAX_BYTES) {
            return Outcome.refused("session description of " + body.length + " bytes exceeds " + MAX_BYTES);
        }
        return parse(new String(body, StandardCharsets.UTF_8));
    }

    public static Outcome<Sdp> parse(String text) {
        if (text.length() > MAX_BYTES) {
            return Outcome.refused("session description longer than " + MAX_BYTES + " characters");
        }
        String[] lines = text.split("\r?\n", MAX_LINES + 2);
        int count = lines.length;
        while (count > 0 && lines[count - 1].isEmpty()) {
            count--; // the final line end
        }
        if (count > MAX_LINES) {
            return Outcome.refused("session description has more than " + MAX_LINES + " lines");
        }
        if (count == 0 || !lines[0].equals("v=0")) {
            return Outcome.refused("session description does not start with v=0");
        }
        Origin origin = null;
        String name = null;
        boolean timing = false;
        Connection sessionConnection = null;
        List<Attribute> sessionAttributes = new ArrayList<>();
        List<Media> media = new ArrayList<>();
        MediaBuilder current = null;
        for (int i = 1; i < count; i++) {
            String l = lines[i];
            if (l.length() > MAX_LINE) {
                return Outcome.refused("line " + (i + 1) + " is longer than " + MAX_LINE + " characters");
            }
            if (l.length() < 2 || l.charAt(1) != '=' || KNOWN_TYPES.indexOf(l.charAt(0)) < 0) {
                return Outcome.refused("line " + (i + 1) + " is not <known letter>=<value>");
            }
            char type = l.charAt(0);
            String v = l.substring(2);
            switch (type) {
                case 'v' -> {
                    return Outcome.refused("a second v= line");
                }
                case 'o' -> {
                    if (origin != null || current != null) {
                        return Outcome.refused("o= twice or after m=");
                    }
                    String[] f = v.split(" ");
                    if (f.length != 6 || !f[3].equals("IN") || !f[4].matches("IP4|IP6")) {
                        return Outcome.refused("o= is not \"user id version IN IP4|IP6 address\"");
                    }
                    origin = new Origin(f[0], f[1], f[2], f[4], f[5]);
                }
                case 's' -> {
                    if (name != null || current != null) {
                        return Outcome.refused("s= twice or after m=");
                    }
                    name = v;
                }
                case 't' -> {
                    if (current != null) {
                        return Outcome.refused("t= after m=");
                    }
                    if (!v.matches("[0-9]{1,20} [0-9]{1,20}")) {
                        return Outcome.refused("t= is not two times");
                    }
                    timing = true;
                }
                case 'c' -> {
                    Outcome<Connection> c = connection(v);
                    if (!c.isOk()) {
                        return Outcome.refused(c.why());
                    }
                    if (current == null) {
                        if (sessionConnection != null) {
                            return Outcome.refused("two session-level c= lines");
                        }
                        sessionConnection = c.value();
                    } else {
                        if (current.connection != null) {
                            return Outcome.refused("two c= lines in one media description");
                        }
                        current.connection = c.value();
                    }
                }
                case 'a' -> {
                    Outcome<Attribute> a = attribute(v);
                    if (!a.isOk()) {
                        return Outcome.refused(a.why());
                    }
                    (current == null ? sessionAttributes : current.attributes).add(a.value());
                }
                case 'm' -> {
                    if (current != null) {
                        media.add(current.build());
                    }
                    if (media.size() >= MAX_MEDIA) {
                        return Outcome.refused("more than " + MAX_MEDIA + " media descriptions");
                    }
                    Outcome<MediaBuilder> m = mediaLine(v);
                    if (!m.isOk()) {
                        return Outcome.refused(m.why());
                    }
                    current = m.value();
                }
                default -> {
                    // i, u, e, p, b, r, z, k: known and not needed for a call
                }
            }
        }
        if (current != null) {
            media.add(current.build());
        }
        if (origin == null || name == null || !timing) {
            return Outcome.refused("session description lacks o=, s= or t=");
        }
        for (Media m : media) {
            if (m.port() != 0 && m.connection().isEmpty() && sessionConnection == null) {
                return Outcome.refused("media " + m.type() + " has no connection address");
            }
        }
        return Outcome.ok(new Sdp(origin, name, Optional.ofNullable(sessionConnection), sessionAttributes, media));
    }

    private static final class MediaBuilder {
        final String type;
        final int port;
        final String proto;
        final List<String> formats;
        Connection connection;
        final List<Attribute> attributes = new ArrayList<>();

        MediaBuilder(String type, int port, String proto, List<String> formats) {
            this.type = type;
            this.port = port;
            this.proto = proto;
            this.formats = formats;
        }

        Media build() {
            return new Media(type, port, proto, formats, Optional.ofNullable(connection), attributes);
        }
    }

    private static Outcome<MediaBuilder> mediaLine(String v) {
        String[] f = v.split(" ");
        if (f.length < 4) {
            return Outcome.refused("m= needs media, port, protocol and at least one format");
        }
        if (f.length - 3 > MAX_FORMATS) {
            return Outcome.refused("m= lists more than " + MAX_FORMATS + " formats");
        }
        if (!TOKEN.matcher(f[0]).matches() || !f[2].matches("[A-Za-z0-9/]{1,32}")) {
            return Outcome.refused("m= media or protocol is not a token");
        }
        if (!f[1].matches("[0-9]{1,5}")) {
            return Outcome.refused("m= port is not a number (port/count is not for calls)");
        }
        int port = Integer.parseInt(f[1]);
        if (port > 65_535) {
            return Outcome.refused("m= port " + port + " out of range");
        }
        List<String> formats = new ArrayList<>();
        for (int i = 3; i < f.length; i++) {
            if (!TOKEN.matcher(f[i]).matches()) {
                return Outcome.refused("m= format \"" + f[i] + "\" is not a token");
            }
            formats.add(f[i]);
        }
        return Outcome.ok(new MediaBuilder(f[0], port, f[2], formats));
    }

    private static Outcome<Connection> connection(String v) {
        String[] f = v.split(" ");
        if (f.length != 3 || !f[0].equals("IN")) {
            return Outcome.refused("c= is not \"IN IP4|IP6 address\"");
        }
        if (f[1].equals("IP4") && f[2].matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}")
                || f[1].equals("IP6") && f[2].matches("[0-9A-Fa-f:.]{2,45}")
                || f[1].matches("IP[46]") && f[2].matches("[A-Za-z0-9][A-Za-z0-9.-]{0,252}") && !f[2].contains("/")) {
            return Outcome.ok(new Connection(f[1], f[2]));
        }
        return Outcome.refused("c= address \"" + f[2] + "\" is not a unicast " + f[1] + " address");
    }

    private static Outcome<Attribute> attribute(String v) {
        int colon = v.indexOf(':');
        String name = colon < 0 ? v : v.substring(0, colon);
        if (!TOKEN.matcher(name).matches()) {
            return Outcome.refused("a= name \"" + name + "\" is not a token");
        }
        return Outcome.ok(colon < 0 ? Attribute.flag(name) : Attribute.of(name, v.substring(colon + 1)));
    }
}
