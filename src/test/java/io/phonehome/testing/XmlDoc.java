package io.phonehome.testing;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.xpath.XPath;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * A configuration file parsed by the JDK's XML parser, the strict way a phone would: a file that
 * is not well-formed XML fails the test. Values are read with XPath.
 */
public final class XmlDoc {
    private final Document doc;
    private final XPath xpath = XPathFactory.newInstance().newXPath();

    private XmlDoc(Document doc) {
        this.doc = doc;
    }

    public static XmlDoc parse(String text) {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setExpandEntityReferences(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            return new XmlDoc(b.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8))));
        } catch (Exception e) {
            throw new AssertionError("not well-formed XML: " + e.getMessage() + "\n" + text, e);
        }
    }

    /** The text of the single node the expression selects; fails when there is none or several. */
    public String text(String expression) {
        NodeList nodes = nodes(expression);
        if (nodes.getLength() != 1) {
            throw new AssertionError(expression + " selects " + nodes.getLength() + " nodes, expected exactly 1");
        }
        return nodes.item(0).getTextContent();
    }

    /** True when the expression selects at least one node. */
    public boolean has(String expression) {
        return nodes(expression).getLength() > 0;
    }

    public int count(String expression) {
        return nodes(expression).getLength();
    }

    /** The parsed document, for helpers that walk it. */
    public Document document() {
        return doc;
    }

    /** The root element's name. */
    public String root() {
        Node n = doc.getDocumentElement();
        return n.getNodeName();
    }

    private NodeList nodes(String expression) {
        try {
            return (NodeList) xpath.evaluate(expression, doc, XPathConstants.NODESET);
        } catch (XPathExpressionException e) {
            throw new AssertionError("bad XPath " + expression, e);
        }
    }
}
