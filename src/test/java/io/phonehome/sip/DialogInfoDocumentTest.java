package io.phonehome.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.sip.LineActivity.DialogView;
import io.phonehome.sip.LineActivity.State;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/** The dialog-info document is well-formed XML whatever the inventory's names contain. */
class DialogInfoDocumentTest {
    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void namesWithMarkupQuotesAndControlCharactersStayWellFormed() throws Exception {
        String name = "Ops \"Night\" <Desk> & 'Co'\u0001";
        String xml = DialogInfoDocument.render("192.0.2.1", "202", 7, List.of(new DialogView("d1", "call&<id>", "lt", "rt", "recipient",
                State.EARLY, "202", "Bruno", "201", name)));
        Document d = parse(xml);
        Element root = d.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo("urn:ietf:params:xml:ns:dialog-info");
        assertThat(root.getAttribute("version")).isEqualTo("7");
        assertThat(root.getAttribute("state")).isEqualTo("full");
        assertThat(root.getAttribute("entity")).isEqualTo("sip:202@192.0.2.1");
        Element dialog = (Element) root.getElementsByTagName("dialog").item(0);
        assertThat(dialog.getAttribute("call-id")).isEqualTo("call&<id>");
        Element remote = (Element) dialog.getElementsByTagName("remote").item(0);
        Element identity = (Element) remote.getElementsByTagName("identity").item(0);
        assertThat(identity.getAttribute("display")).isEqualTo("Ops \"Night\" <Desk> & 'Co' ");
        assertThat(identity.getTextContent()).isEqualTo("sip:201@192.0.2.1");
    }

    @Test
    void anIdleExtensionHasNoDialogAndAnIpv6HostIsBracketed() throws Exception {
        Document d = parse(DialogInfoDocument.render("2001:db8::1", "202", 0, List.of()));
        assertThat(d.getDocumentElement().getElementsByTagName("dialog").getLength()).isZero();
        assertThat(d.getDocumentElement().getAttribute("entity")).isEqualTo("sip:202@[2001:db8::1]");
    }
}
