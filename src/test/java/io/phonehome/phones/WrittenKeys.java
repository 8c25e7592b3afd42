package io.phonehome.phones;

import io.phonehome.testing.XmlDoc;
import java.util.LinkedHashSet;
import java.util.Set;
import org.w3c.dom.Element;
import org.w3c.dom.NamedNodeMap;
import org.w3c.dom.Node;

/**
 * The keys a rendered file sets, in the terms of {@link DocumentedKeys}, read from the file's own
 * syntax: a {@code #!version} text file's {@code key = value} keys (and its directives such as
 * {@code include:config}); an XML file's leaf element paths from the root and its attributes as
 * {@code path@attribute}, an element carrying a {@code name} attribute spelled {@code item[name=value]}
 * in the path. A file that is neither fails: a key in it could not be checked.
 */
final class WrittenKeys {
    private static final String NAME = "name";

    private WrittenKeys() {
    }

    static Set<String> of(String text) {
        if (text.startsWith("#!version:")) {
            return keyValueKeys(text);
        }
        if (text.startsWith("<")) {
            Set<String> out = new LinkedHashSet<>();
            walk(XmlDoc.parse(text).document().getDocumentElement(), "", out);
            return out;
        }
        throw new AssertionError("neither a key = value file nor XML: " + text.lines().findFirst().orElse(""));
    }

    private static Set<String> keyValueKeys(String text) {
        Set<String> out = new LinkedHashSet<>();
        for (String line : text.split("\n")) {
            String l = line.strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            out.add(eq >= 0 ? l.substring(0, eq).strip() : l.split("\\s+", 2)[0]);
        }
        return out;
    }

    private static void walk(Element e, String parent, Set<String> out) {
        // An element named by its name attribute (Grandstream's <item name="account.1.sip.server.1.address">)
        // is that key: the name is part of the path, not an attribute of it.
        String segment = e.hasAttribute(NAME) ? e.getTagName() + "[" + NAME + "=" + e.getAttribute(NAME) + "]" : e.getTagName();
        String path = parent.isEmpty() ? segment : parent + "/" + segment;
        NamedNodeMap attributes = e.getAttributes();
        for (int i = 0; i < attributes.getLength(); i++) {
            if (!attributes.item(i).getNodeName().equals(NAME)) {
                out.add(path + "@" + attributes.item(i).getNodeName());
            }
        }
        boolean leaf = true;
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element child) {
                leaf = false;
                walk(child, path, out);
            }
        }
        if (leaf) {
            out.add(path);
        }
    }
}
