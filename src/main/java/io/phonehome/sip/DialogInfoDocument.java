package io.phonehome.sip;

import io.phonehome.sip.LineActivity.DialogView;
import java.util.List;

/**
 * The body of a dialog-package NOTIFY: an RFC 4235 {@code application/dialog-info+xml} document
 * with the full state of one extension. No dialog element means idle. Each dialog carries what
 * desk phones read for a busy lamp and for picking up a ringing colleague: {@code call-id},
 * {@code local-tag}, {@code remote-tag}, {@code direction}, the state, and the local and remote
 * identity and target URIs (the caller a lamp names while it rings).
 */
final class DialogInfoDocument {
    private DialogInfoDocument() {
    }

    /**
     * @param host    the host of the SIP URIs (Phonehome's advertised host: extensions are its own)
     * @param version this subscription's document number, 0 for its first NOTIFY (RFC 4235 4.1.1)
     */
    static String render(String host, String extension, long version, List<DialogView> dialogs) {
        StringBuilder sb = new StringBuilder(256 + dialogs.size() * 512);
        sb.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        sb.append("<dialog-info xmlns=\"urn:ietf:params:xml:ns:dialog-info\" version=\"").append(version)
                .append("\" state=\"full\" entity=\"").append(escape(uri(host, extension))).append("\">\n");
        for (DialogView d : dialogs) {
            sb.append(" <dialog id=\"").append(escape(d.id())).append("\" call-id=\"").append(escape(d.callId())).append('"');
            if (d.localTag() != null) {
                sb.append(" local-tag=\"").append(escape(d.localTag())).append('"');
            }
            if (d.remoteTag() != null) {
                sb.append(" remote-tag=\"").append(escape(d.remoteTag())).append('"');
            }
            sb.append(" direction=\"").append(d.direction()).append("\">\n");
            sb.append("  <state>").append(d.state().wire).append("</state>\n");
            party(sb, "local", host, d.localExtension(), d.localName());
            party(sb, "remote", host, d.remoteExtension(), d.remoteName());
            sb.append(" </dialog>\n");
        }
        sb.append("</dialog-info>\n");
        return sb.toString();
    }

    private static void party(StringBuilder sb, String element, String host, String extension, String name) {
        String uri = escape(uri(host, extension));
        sb.append("  <").append(element).append(">\n   <identity");
        if (name != null && !name.isBlank()) {
            sb.append(" display=\"").append(escape(name)).append('"');
        }
        sb.append('>').append(uri).append("</identity>\n");
        sb.append("   <target uri=\"").append(uri).append("\"/>\n");
        sb.append("  </").append(element).append(">\n");
    }

    /**
     * The URI of a line: {@code extension@host} in the installation's own space, or the address of
     * record itself when it names its customer's domain ({@code 201@a.example}, issue 17).
     */
    static String uri(String host, String extension) {
        if (extension.indexOf('@') > 0) {
            return "sip:" + extension;
        }
        String h = host.indexOf(':') >= 0 && !host.startsWith("[") ? "[" + host + "]" : host;
        return "sip:" + extension + "@" + h;
    }

    /** XML attribute and text escaping; control characters (not allowed in XML 1.0) become spaces. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c < 0x20 && c != '\t' ? ' ' : c);
            }
        }
        return out.toString();
    }
}
