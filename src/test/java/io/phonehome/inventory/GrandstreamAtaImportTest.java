package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** An analog adapter (family ata) imports like a desk phone: one row per FXS port, port N is line N. */
class GrandstreamAtaImportTest {
    TestDatabase db;
    Inventory inv;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inv = db.inventory();
        inv.createSite(SiteSpec.named("Zurich HQ", "Europe/Zurich"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    ImportReport run(String csv) throws Exception {
        return inv.importer().run(new StringReader(csv), DeviceImport.Mode.CREATE_ONLY, false);
    }

    @Test
    void theRowsOfAnAdapterBecomeItsPortsInOrder() throws Exception {
        ImportReport r = run("mac,model,site,line,extension,display_name\n"
                + "c074ad8a1b2c,HT814,Zurich HQ,1,301,Fax\nc074ad8a1b2c,HT814,Zurich HQ,2,302,Lift\n"
                + "c074ad8a1b2c,HT814,Zurich HQ,3,303,Door\nc074ad8a1b2c,HT814,Zurich HQ,4,304,Alarm\n");
        assertThat(r.errors()).isEmpty();
        var device = inv.devices().findByMac(Mac.parse("c074ad8a1b2c")).orElseThrow();
        assertThat(inv.lines().byDevice(device.id())).extracting(Line::position, Line::extension)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, "301"), org.assertj.core.groups.Tuple.tuple(2, "302"),
                        org.assertj.core.groups.Tuple.tuple(3, "303"), org.assertj.core.groups.Tuple.tuple(4, "304"));
    }

    @Test
    void theV2HardwareNameOnADeliveryNoteIsTheAdapterItExtends() throws Exception {
        ImportReport r = run("mac,model,site,line,extension\nec74d763e419,Grandstream HT802V2,Zurich HQ,1,310\nec74d763e419,Grandstream HT802V2,Zurich HQ,2,311\n");
        assertThat(r.errors()).isEmpty();
        assertThat(inv.devices().findByMac(Mac.parse("ec74d763e419")).orElseThrow().model()).isEqualTo("HT802");
    }

    @Test
    void aFifthPortOnAFourPortAdapterAndAHandsetAreRefusedInTheAdaptersOwnTerms() throws Exception {
        ImportReport r = run("mac,model,site,line,extension,handset\n"
                + "c074ad8a1b2c,HT814,Zurich HQ,1,301,\nc074ad8a1b2c,HT814,Zurich HQ,2,302,\nc074ad8a1b2c,HT814,Zurich HQ,3,303,\n"
                + "c074ad8a1b2c,HT814,Zurich HQ,4,304,\nc074ad8a1b2c,HT814,Zurich HQ,5,305,\nc074ad8a1b2d,HT802,Zurich HQ,,306,1\n");
        assertThat(r.errors()).extracting(FieldError::row).containsExactly(6, 7);
        assertThat(r.errors().get(0).message()).contains("at most 4 line(s), one per FXS port").doesNotContain("account");
        assertThat(r.errors().get(1).message()).contains("analog adapter").contains("FXS ports").doesNotContain("desk phone");
    }
}
