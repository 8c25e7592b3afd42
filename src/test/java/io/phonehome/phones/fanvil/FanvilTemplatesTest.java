package io.phonehome.phones.fanvil;

import io.phonehome.phones.VendorRegistry;
import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.inventory.Srtp;
import io.phonehome.inventory.SupportedModels;
import io.phonehome.inventory.Transport;
import io.phonehome.testing.TestConfigModel;
import io.phonehome.testing.TestRender;
import io.phonehome.testing.XmlDoc;
import io.phonehome.phones.ConfigModel;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The stock Fanvil templates rendered from hand-built models, parsed as XML. */
class FanvilTemplatesTest {
    final FanvilPlugin plugin = new FanvilPlugin(VendorRegistry.builtIn().models());

    XmlDoc render(String template, ConfigModel model, Map<String, Object> extra) {
        XmlDoc doc = XmlDoc.parse(TestRender.render(plugin, template, model, "0c383e557eb2.cfg", extra));
        assertThat(doc.root()).isEqualTo("sysConf");
        return doc;
    }

    @Test
    void linesBackupRegistrarAndUnusedLines() {
        XmlDoc doc = render("mac.cfg.ftlx", TestConfigModel.of("fanvil", "X3U", "0c383e557eb2")
                .lineWithBackup(1, "200", "backup.example.com")
                .line(2, "201", "Two", Transport.TLS, Srtp.OPTIONAL).build(), Map.of());
        assertThat(doc.text("/sysConf/Version")).matches("2\\.[0-9]{10}");
        assertThat(doc.text("/sysConf/sip/NotifyReboot")).isEqualTo("1");
        String l1 = "/sysConf/sip/line[@index='1']/";
        assertThat(doc.text(l1 + "PhoneNumber")).isEqualTo("200");
        assertThat(doc.text(l1 + "DisplayName")).isEqualTo("Line 200");
        assertThat(doc.text(l1 + "RegisterUser")).isEqualTo("u200");
        assertThat(doc.text(l1 + "RegisterPswd")).isEqualTo("pw-200");
        assertThat(doc.text(l1 + "RegisterAddr")).isEqualTo("prov.example.com");
        assertThat(doc.text(l1 + "RegisterPort")).isEqualTo("5060");
        assertThat(doc.text(l1 + "RegisterTTL")).isEqualTo("600");
        assertThat(doc.text(l1 + "BackupAddr")).isEqualTo("backup.example.com");
        assertThat(doc.text(l1 + "BackupPort")).isEqualTo("5070");
        String l2 = "/sysConf/sip/line[@index='2']/";
        assertThat(doc.text(l2 + "Transport")).isEqualTo("3");
        assertThat(doc.text(l2 + "MediaCrypto")).isEqualTo("1");
        assertThat(doc.text(l2 + "RegisterPort")).isEqualTo("5061");
        assertThat(doc.count("/sysConf/sip/line")).isEqualTo(6);
        for (int i = 3; i <= 6; i++) {
            assertThat(doc.text("/sysConf/sip/line[@index='" + i + "']/EnableReg")).isEqualTo("0");
            assertThat(doc.text("/sysConf/sip/line[@index='" + i + "']/RegisterPswd")).isEmpty();
        }
    }

    @ParameterizedTest
    @CsvSource({"X3U, 6", "X4U, 12", "X6U, 20", "X7, 20"})
    void everyModelRendersExactlyItsLines(String model, int lines) {
        XmlDoc doc = render("mac.cfg.ftlx", TestConfigModel.of("fanvil", model, "0c383e557eb2")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build(), Map.of());
        assertThat(doc.count("/sysConf/sip/line")).isEqualTo(lines);
        assertThat(doc.text("/sysConf/sip/line[@index='1']/EnableReg")).isEqualTo("1");
    }

    @Test
    void firmwareSyslogAndAdminAccount() {
        XmlDoc doc = render("mac.cfg.ftlx", TestConfigModel.of("fanvil", "X4U", "0c383e557eb2")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).syslog("syslog.example.ch", 5514)
                .firmware("2.12.20", "https://prov.example.com:8443/firmware/fanvil/x4upro-fanvil-release-2.12.20.z").build(), Map.of());
        assertThat(doc.text("/sysConf/AUTOUPDATE_CONFIG_MODULE/Auto_Image_URL"))
                .isEqualTo("https://prov.example.com:8443/firmware/fanvil/x4upro-fanvil-release-2.12.20.z");
        assertThat(doc.text("/sysConf/log/SyslogServer")).isEqualTo("syslog.example.ch");
        assertThat(doc.text("/sysConf/log/SyslogServerPort")).isEqualTo("5514");
        assertThat(doc.text("/sysConf/web/account[@index='1']/Name")).isEqualTo("admin");
        assertThat(doc.text("/sysConf/web/account[@index='1']/Password")).isEqualTo("admin-Secret-42");
        assertThat(doc.text("/sysConf/web/account[@index='1']/Level")).isEqualTo("10");
        assertThat(doc.text("/sysConf/phone/date/SNTPServer")).isEqualTo("ntp1.example.ch");
        assertThat(doc.text("/sysConf/phone/date/SecondSNTPServer")).isEqualTo("ntp2.example.ch");
        assertThat(doc.text("/sysConf/phone/display/DefaultLanguage")).isEqualTo("de");
    }

    @Test
    void withoutFirmwareTargetThereIsNoImageUrlAndSyslogIsCleared() {
        XmlDoc doc = render("mac.cfg.ftlx", TestConfigModel.of("fanvil", "X4U", "0c383e557eb2")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build(), Map.of());
        assertThat(doc.has("/sysConf/AUTOUPDATE_CONFIG_MODULE")).isFalse();
        assertThat(doc.text("/sysConf/log/SyslogServer")).isEqualTo("0.0.0.0");
    }

    @Test
    void zoneWithoutDaylightSavingWritesNoRule() {
        XmlDoc doc = render("mac.cfg.ftlx", TestConfigModel.of("fanvil", "X4U", "0c383e557eb2").zone("Asia/Kolkata")
                .line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build(), Map.of());
        assertThat(doc.text("/sysConf/phone/date/TimeZone")).isEqualTo("22");
        assertThat(doc.text("/sysConf/phone/date/EnableDST")).isEqualTo("0");
        assertThat(doc.has("/sysConf/phone/date/DSTStartMon")).isFalse();
    }

    @Test
    void commonFileCarriesProvisioningAndNoSecret() {
        String text = TestRender.render(plugin, "common.cfg.ftlx", TestConfigModel.of("fanvil", "X4U", "0c383e557eb2").buildCommon(),
                "F0V00X4U0000.cfg");
        XmlDoc doc = XmlDoc.parse(text);
        assertThat(doc.text("/sysConf/ap/FlashServerIP")).isEqualTo("https://prov.example.com:8443");
        assertThat(doc.text("/sysConf/ap/FlashFileName")).isEqualTo("$mac.cfg");
        assertThat(doc.text("/sysConf/ap/FlashProtocol")).isEqualTo("5");
        assertThat(doc.text("/sysConf/ap/DownloadCommonConf")).isEqualTo("1");
        assertThat(doc.has("//DefaultPassword")).isFalse();
        assertThat(doc.has("//RegisterPswd")).isFalse();
        assertThat(doc.has("/sysConf/web")).isFalse();
    }

    @Test
    void redirectPointsThePhoneAtTheOtherServerWithItsCredentials() {
        ConfigModel model = TestConfigModel.of("fanvil", "X4U", "0c383e557eb2").line(1, "200", "Anna", Transport.UDP, Srtp.OFF).build();
        XmlDoc doc = render("redirect.cfg.ftlx", model,
                Map.of("redirect", Map.of("url", "https://other.example.net/fanvil/", "username", "rps-user", "password", "rps<pass>")));
        assertThat(doc.text("/sysConf/ap/FlashServerIP")).isEqualTo("https://other.example.net/fanvil");
        assertThat(doc.text("/sysConf/ap/FlashProtocol")).isEqualTo("5");
        assertThat(doc.text("/sysConf/ap/DefaultUsername")).isEqualTo("rps-user");
        assertThat(doc.text("/sysConf/ap/DefaultPassword")).isEqualTo("rps<pass>");
        assertThat(doc.has("/sysConf/sip")).isFalse(); // the SIP lines stay out of a redirect

        XmlDoc plain = render("redirect.cfg.ftlx", model, Map.of("redirect", Map.of("url", "http://10.1.2.3:8080/")));
        assertThat(plain.text("/sysConf/ap/FlashProtocol")).isEqualTo("4");
        assertThat(plain.text("/sysConf/ap/DefaultUsername")).isEmpty();
    }
}
