package io.phonehome.provisioning;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.AuthMethod;
import io.phonehome.inventory.ImportReport;
import io.phonehome.inventory.Registrar;
import io.phonehome.inventory.SiteSpec;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.KeyValueConfig;
import io.phonehome.testing.SnomXml;
import io.phonehome.testing.TestServer;
import io.phonehome.testing.XmlDoc;
import java.io.ByteArrayInputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What each vendor's phones are told so that SIP over TLS to a registrar works: Phonehome's CA
 * (by URL, fetched back here with the phone's own User-Agent, or inline), the backup registrar of
 * a site that names two, and Grandstream's URI scheme on TLS lines. Real HTTPS fetches with the
 * User-Agents the other provisioning ITs use; the answers are parsed in each vendor's syntax.
 */
class SipOverTlsTrustIT {
    static final String GXP2170_MAC = "c074ad510001";
    static final String GXP2170_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId " + GXP2170_MAC;
    static final String HT802_MAC = "ec74d7510002";
    static final String HT802_UA = "Grandstream Model HW HT802 V2.0A SW 1.0.63.3 DevId " + HT802_MAC;
    static final String DP750_MAC = "000b82510006";
    static final String DP750_UA = "Grandstream Model HW DP750 SW 1.0.3.37 DevId " + DP750_MAC;
    static final String D785_MAC = "000413510003";
    static final String D785_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + D785_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String T46U_MAC = "805ec0510004";
    static final String T46U_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:51:00:04";
    static final String X4U_MAC = "0c383e510005";
    static final String X4U_UA = "Fanvil X4U 2.12.16.17 " + X4U_MAC;
    // the same models at a site with a primary and a backup registrar of its own
    static final String BERN_GXP_MAC = "c074ad510011";
    static final String BERN_GXP_UA = "Grandstream Model HW GXP2170 SW 1.0.11.79 DevId " + BERN_GXP_MAC;
    static final String BERN_SNOM_MAC = "000413510013";
    static final String BERN_SNOM_UA = "Mozilla/4.0 (compatible; snomD785-SIP 10.1.169.16 2010.12-00001-gd311851f1 (Feb 25 2019 - 14:19:43) "
            + BERN_SNOM_MAC + " SXM:0 UXM:0 UXMC:0)";
    static final String BERN_T46U_MAC = "805ec0510014";
    static final String BERN_T46U_UA = "Yealink SIP-T46U 108.86.0.20 80:5e:c0:51:00:14";
    static final String BERN_X4U_MAC = "0c383e510015";
    static final String BERN_X4U_UA = "Fanvil X4U 2.12.16.17 " + BERN_X4U_MAC;
    // Yealink's DECT families at the site with a backup registrar: a single-cell base and a multi-cell manager
    static final String BERN_W70B_MAC = "805ec0510016";
    static final String BERN_W70B_UA = "Yealink W70B 146.85.0.20 80:5e:c0:51:00:16";
    static final String BERN_W90DM_MAC = "805ec0510017";
    static final String BERN_W90DM_UA = "Yealink W90DM 130.87.0.10 80:5e:c0:51:00:17";
    static final String USER = "site-trust";
    static final String PASSWORD = "site-secret-trust-51";

    static TestServer server;
    static X509Certificate ca;

    @BeforeAll
    static void start() {
        server = new TestServer();
        ca = server.server().certificateAuthority().caCertificate();
        server.createSite(SiteSpec.named("Basel", "Europe/Zurich").withDigest(USER, PASSWORD));
        server.createSite(new SiteSpec("Bern", "Europe/Zurich", List.of("pool.ntp.org"), "de",
                new Registrar("sip1.example.ch", 5061, Transport.TLS), new Registrar("sip2.example.ch", 5062, Transport.TLS), null, 1440,
                null, null, AuthMethod.DEFAULT, List.of(), USER, PASSWORD, 0));
        ImportReport r = server.importCsv("""
                mac,model,serial,site,extension,display_name,transport,srtp,line
                c0:74:ad:51:00:01,GXP2170,SN-1,Basel,,Anna Muster,,,1
                c0:74:ad:51:00:01,GXP2170,SN-1,Basel,,Bruno Desk,tls,,2
                ec:74:d7:51:00:02,HT802,SN-2,Basel,,Kitchen,,,1
                ec:74:d7:51:00:02,HT802,SN-2,Basel,,Garage,tls,,2
                00:04:13:51:00:03,D785,SN-3,Basel,,Carla,tls,,
                80:5e:c0:51:00:04,T46U,SN-4,Basel,,Dora,tls,,
                0c:38:3e:51:00:05,X4U,SN-5,Basel,,Emil,tls,,
                00:0b:82:51:00:06,DP750,SN-6,Basel,,Handset,tls,,1
                c0:74:ad:51:00:11,GXP2170,SN-11,Bern,,Franz,,,
                00:04:13:51:00:13,D785,SN-13,Bern,,Gina,,,
                80:5e:c0:51:00:14,T46U,SN-14,Bern,,Hans,,,
                0c:38:3e:51:00:15,X4U,SN-15,Bern,,Ida,,,
                """);
        assertThat(r.errors()).isEmpty();
        ImportReport dect = server.importCsv("""
                mac,model,serial,site,display_name,handset
                80:5e:c0:51:00:16,W70B,SN-16,Bern,Jana,1
                80:5e:c0:51:00:17,W90DM,SN-17,Bern,Kurt,1
                """);
        assertThat(dect.errors()).isEmpty();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String fetch(String file, String ua) {
        return server.fetchOk(file, ua, USER, PASSWORD).body();
    }

    static String gs(XmlDoc doc, String pvalue) {
        return doc.text("/gs_provision/config/" + pvalue);
    }

    static X509Certificate parse(byte[] bytes) {
        try {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(bytes));
        } catch (CertificateException e) {
            throw new AssertionError("not an X.509 certificate: " + new String(bytes, StandardCharsets.ISO_8859_1), e);
        }
    }

    /** Fetches a CA URL from a phone's file as that phone and holds the answer to be Phonehome's CA. */
    static void assertServesPhonehomesCa(String url, String ua) {
        assertThat(url).startsWith(server.baseUrl());
        HttpResponse<byte[]> r = server.getBytes(url, ua);
        assertThat(r.statusCode()).as(url).isEqualTo(200);
        assertIsPhonehomesCa(parse(r.body()));
    }

    static void assertIsPhonehomesCa(X509Certificate c) {
        assertThat(c).isEqualTo(ca);
        assertThat(c.getBasicConstraints()).as("a CA certificate").isGreaterThanOrEqualTo(0);
    }

    @Test
    void grandstreamDeskPhonesAreGivenTheCaCertificateItselfAsTrustedCa() {
        XmlDoc doc = XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA));
        assertIsPhonehomesCa(parse(gs(doc, "P8433").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void grandstreamDeskPhonesLoadTheGivenCaBesideTheirBuiltInOnes() {
        XmlDoc desk = XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA));
        assertThat(gs(desk, "P8502")).as("Load CA Certificates: all (the factory value 0 loads the built-in ones only)").isEqualTo("2");
        XmlDoc ata = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        assertThat(ata.count("/gs_provision/config/P8502")).as("not an HT P-value").isZero();
    }

    @Test
    void grandstreamAdaptersAndDectBasesAreGivenTheCaOnEachProfileInUse() {
        XmlDoc doc = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        assertIsPhonehomesCa(parse(gs(doc, "P2386").getBytes(StandardCharsets.US_ASCII)));
        assertIsPhonehomesCa(parse(gs(doc, "P2486").getBytes(StandardCharsets.US_ASCII)));
        XmlDoc dect = XmlDoc.parse(fetch("cfg" + DP750_MAC + ".xml", DP750_UA));
        assertIsPhonehomesCa(parse(gs(dect, "P2386").getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void grandstreamTlsLinesKeepSipUrisInsteadOfSips() {
        XmlDoc desk = XmlDoc.parse(fetch("cfg" + GXP2170_MAC + ".xml", GXP2170_UA));
        assertThat(gs(desk, "P448")).as("account 2 is TLS").isEqualTo("2");
        assertThat(gs(desk, "P2429")).as("account 2: SIP URI scheme when using TLS").isEqualTo("0");
        assertThat(gs(desk, "P2329")).as("account 1").isEqualTo("0");
        XmlDoc ata = XmlDoc.parse(fetch("cfg" + HT802_MAC + ".xml", HT802_UA));
        assertThat(gs(ata, "P830")).as("port 2 is TLS").isEqualTo("2");
        assertThat(gs(ata, "P2429")).as("port 2: SIP URI scheme when using TLS").isEqualTo("0");
    }

    @Test
    void snomDeskPhonesFetchTheCaFromTheUrlTheirSettingsName() {
        XmlDoc doc = XmlDoc.parse(fetch("snomD785-" + D785_MAC.toUpperCase() + ".xml", D785_UA));
        assertThat(doc.count("/settings/certificates/certificate")).isEqualTo(1);
        assertServesPhonehomesCa(doc.text("/settings/certificates/certificate/@url"), D785_UA);
    }

    @Test
    void yealinkPhonesFetchTheCaFromTheirTrustedCertificatesUrl() {
        Map<String, String> cfg = KeyValueConfig.parse(fetch(T46U_MAC + ".cfg", T46U_UA));
        assertServesPhonehomesCa(cfg.get("static.trusted_certificates.url"), T46U_UA);
    }

    @Test
    void yealinkDectBasesAndManagersFetchTheCaAndRegisterWithTheBackupToo() {
        Map<String, String> base = KeyValueConfig.parse(fetch(BERN_W70B_MAC + ".cfg", BERN_W70B_UA));
        assertServesPhonehomesCa(base.get("static.trusted_certificates.url"), BERN_W70B_UA);
        assertThat(base.get("account.1.sip_server.2.address")).isEqualTo("sip2.example.ch");
        assertThat(base.get("account.1.sip_server.2.port")).isEqualTo("5062");
        Map<String, String> manager = KeyValueConfig.parse(fetch(BERN_W90DM_MAC + ".cfg", BERN_W90DM_UA));
        assertServesPhonehomesCa(manager.get("static.trusted_certificates.url"), BERN_W90DM_UA);
        assertThat(manager.get("template.1.sip_server.2.address")).isEqualTo("sip2.example.ch");
        assertThat(manager.get("template.1.sip_server.2.port")).isEqualTo("5062");
    }

    @Test
    void aSitesBackupRegistrarIsWrittenForEveryVendor() {
        Map<String, String> snom = SnomXml.phoneSettings(fetch("snomD785-" + BERN_SNOM_MAC + ".xml", BERN_SNOM_UA));
        assertThat(snom.get("user_outbound[1]")).isEqualTo("sip1.example.ch:5061;transport=tls,sip2.example.ch:5062;transport=tls");
        XmlDoc gs = XmlDoc.parse(fetch("cfg" + BERN_GXP_MAC + ".xml", BERN_GXP_UA));
        assertThat(gs(gs, "P47")).isEqualTo("sip1.example.ch:5061");
        assertThat(gs(gs, "P2312")).isEqualTo("sip2.example.ch:5062");
        Map<String, String> yealink = KeyValueConfig.parse(fetch(BERN_T46U_MAC + ".cfg", BERN_T46U_UA));
        assertThat(yealink.get("account.1.sip_server.2.address")).isEqualTo("sip2.example.ch");
        assertThat(yealink.get("account.1.sip_server.2.port")).isEqualTo("5062");
        XmlDoc fanvil = XmlDoc.parse(fetch(BERN_X4U_MAC + ".cfg", BERN_X4U_UA));
        assertThat(fanvil.text("/sysConf/sip/line[@index='1']/BackupAddr")).isEqualTo("sip2.example.ch");
        assertThat(fanvil.text("/sysConf/sip/line[@index='1']/BackupPort")).isEqualTo("5062");
        assertThat(fanvil.text("/sysConf/sip/line[@index='1']/BackupTransport")).as("TLS is 3 in sysConf").isEqualTo("3");
    }
}
