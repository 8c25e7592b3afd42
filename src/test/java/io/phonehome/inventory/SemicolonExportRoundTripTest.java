package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import java.io.StringWriter;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The semicolon flavour of the export is what Excel opens as columns in decimal-comma locales;
 * saved back unchanged, it must import as a no-op: same lines on the same line numbers, same
 * DECT handsets, same extensions, auth users and passwords.
 */
class SemicolonExportRoundTripTest {
    TestDatabase db;
    Inventory inv;

    @BeforeEach
    void setUp() throws Exception {
        db = new TestDatabase();
        inv = db.inventory();
        inv.createSite(SiteSpec.named("Genève; Büro", "Europe/Zurich"));
        ImportReport r = inv.importer().run(new StringReader("mac,model,site,line,extension,display_name,handset,handset_name\n"
                + "001565aabb01,T46U,\"Genève; Büro\",2,402,\"Müller, Jürg\",,\n"
                + "001565aabb01,T46U,\"Genève; Büro\",1,401,Réception,,\n"
                + "001565aabb02,T54W,\"Genève; Büro\",,,=1+2,,\n"
                + "805e0c1d654e,W70B,\"Genève; Büro\",1,500,Lager,1,Mobilteil 1\n"
                + "805e0c1d654e,W70B,\"Genève; Büro\",1,500,Lager,2,Mobilteil 2\n"
                + "805e0c1d654e,W70B,\"Genève; Büro\",2,501,Chef,2,Mobilteil 2\n"), DeviceImport.Mode.CREATE_ONLY, false);
        assertThat(r.errors()).isEmpty();
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    String export(char delimiter) throws Exception {
        StringWriter w = new StringWriter();
        new DeviceExport(inv.search(), inv.dectBaseLinks()).csv(DeviceFilter.ALL, w, delimiter);
        return w.toString();
    }

    @Test
    void theSemicolonExportHasBomCrlfAndSemicolonsAndImportsBackAsANoOp() throws Exception {
        List<Line> linesBefore = inv.lines().byDevice(inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow().id());
        String csv = export(';');
        assertThat(csv).startsWith("\uFEFFmac;vendor;model;serial;site;line;extension;display_name;");
        assertThat(csv.split("\r\n", -1)).hasSize(7 + 1);  // header, six rows, the empty rest after the last CRLF
        assertThat(csv).contains(";\"Genève; Büro\";2;402;Müller, Jürg;").contains(";'=1+2;");

        ImportReport back = inv.importer().run(new StringReader(csv), DeviceImport.Mode.UPDATE_EXISTING, false);
        assertThat(back.errors()).isEmpty();
        assertThat(back.devicesUpdated()).isEqualTo(3);
        assertThat(export(';')).isEqualTo(csv);
        assertThat(inv.lines().byDevice(inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow().id()))
                .usingRecursiveFieldByFieldElementComparatorIgnoringFields("id").containsExactlyElementsOf(linesBefore);
        Device w70 = inv.devices().findByMac(Mac.parse("805e0c1d654e")).orElseThrow();
        assertThat(inv.handsets().byDevice(w70.id())).extracting(Handset::linePositions).containsExactly(List.of(1), List.of(1, 2));
    }

    @Test
    void bothFlavoursHoldTheSameRows() throws Exception {
        assertThat(export(',').lines().count()).isEqualTo(export(';').lines().count());
        ImportReport back = inv.importer().run(new StringReader(export(',')), DeviceImport.Mode.UPDATE_EXISTING, true);
        assertThat(back.errors()).isEmpty();
        assertThat(back.lines()).isEqualTo(5);
    }
}
