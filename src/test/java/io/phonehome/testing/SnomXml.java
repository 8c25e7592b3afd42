package io.phonehome.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Reads Snom setting files (strictly, through {@link XmlDoc}): a file that is not well-formed
 * XML fails the test.
 */
public final class SnomXml {
    private SnomXml() {
    }

    public static Document parse(String xml) {
        return XmlDoc.parse(xml).document();
    }

    /**
     * The settings of a {@code <settings><phone-settings>} file as {@code name} or
     * {@code name[idx]} to text. A setting given twice fails: the phone would apply only one.
     */
    public static Map<String, String> phoneSettings(String xml) {
        Document doc = parse(xml);
        Element root = doc.getDocumentElement();
        if (!root.getTagName().equals("settings")) {
            throw new AssertionError("root element is <" + root.getTagName() + ">, expected <settings>");
        }
        List<Element> sections = children(root, "phone-settings");
        if (sections.size() != 1) {
            throw new AssertionError("expected one <phone-settings>, found " + sections.size());
        }
        if (!"2".equals(sections.get(0).getAttribute("e"))) {
            throw new AssertionError("<phone-settings> must carry e=\"2\" (escapes above 255 allowed)");
        }
        Map<String, String> out = new LinkedHashMap<>();
        for (Element e : children(sections.get(0), null)) {
            String key = e.getTagName() + (e.hasAttribute("idx") ? "[" + e.getAttribute("idx") + "]" : "");
            if (out.put(key, e.getTextContent()) != null) {
                throw new AssertionError("setting given twice: " + key);
            }
        }
        return out;
    }

    /** The order in which settings appear (the phone applies them in file order). */
    public static List<String> settingOrder(String xml) {
        return new ArrayList<>(phoneSettings(xml).keySet());
    }

    /** The element children of {@code parent}, all of them when {@code name} is null. */
    public static List<Element> children(Element parent, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && (name == null || e.getTagName().equals(name))) {
                out.add(e);
            }
        }
        return out;
    }
}
