package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeviceImportTest {
    TestDatabase db;
    Inventory inv;

    @BeforeEach
    void setUp() {
        db = new TestDatabase();
        inv = db.inventory();
        inv.createSite(SiteSpec.named("Zurich HQ", "Europe/Zurich"));
        inv.createSite(SiteSpec.named("Genève", "Europe/Zurich"));
    }

    @AfterEach
    void tearDown() {
        db.close();
    }

    ImportReport run(String csv, DeviceImport.Mode mode, boolean dryRun) throws Exception {
        return inv.importer().run(new StringReader(csv), mode, dryRun);
    }

    ImportReport run(String csv) throws Exception {
        return run(csv, DeviceImport.Mode.CREATE_ONLY, false);
    }

    @Test
    void aSpreadsheetExportWithBomSemicolonsMixedMacSpellingsAndDectRowsImports() throws Exception {
        String csv = "\uFEFFMAC;Model;Serial;Site;Extension;Display_Name;Handset\r\n"
                + "00:15:65:AA:BB:01;T46U;SN1;Zurich HQ;;Anna Muster;\r\n"
                + "00-15-65-aa-bb-02;T54W;SN2;Genève;310;Bruno;\r\n"
                + "0015.65aa.bb03;W70B;SN3;zurich hq;;Empfang;1\r\n"
                + "001565aabb03;W70B;SN3;Zurich HQ;;Lager;2\r\n"
                + "\"001565AABB03\";W70B;SN3;Zurich HQ;;\"Werkstatt; hinten\";3\r\n";
        ImportReport r = run(csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.applied()).isTrue();
        assertThat(r.devicesCreated()).isEqualTo(3);
        assertThat(r.lines()).isEqualTo(5);
        assertThat(r.handsets()).isEqualTo(3);
        Device w70 = inv.devices().findByMac(Mac.parse("001565aabb03")).orElseThrow();
        assertThat(w70.serial()).isEqualTo("SN3");
        List<Line> lines = inv.lines().byDevice(w70.id());
        assertThat(lines).extracting(Line::displayName).containsExactly("Empfang", "Lager", "Werkstatt; hinten");
        assertThat(inv.handsets().byDevice(w70.id())).extracting(Handset::linePositions)
                .containsExactly(List.of(1), List.of(2), List.of(3));
        assertThat(inv.lines().byExtension("310")).isPresent();
        assertThat(lines).allSatisfy(l -> assertThat(l.password()).hasSize(Passwords.SIP_PASSWORD_LENGTH));
    }

    @Test
    void emptyExtensionsAreAllocatedFrom200SkippingAnyInUseOrRequestedLater() throws Exception {
        assertThat(run("mac,model,site,extension\n001565aabb01,T46U,Zurich HQ,201\n").errors()).isEmpty();
        ImportReport r = run("mac,model,site,extension,line\n001565aabb02,T46U,Zurich HQ,,1\n001565aabb02,T46U,Zurich HQ,,2\n"
                + "001565aabb03,T46U,Zurich HQ,203,\n001565aabb04,T46U,Zurich HQ,,\n");
        assertThat(r.errors()).isEmpty();
        assertThat(r.allocated()).extracting(ImportReport.Allocation::extension).containsExactly("200", "202", "204");
        assertThat(r.allocated()).extracting(ImportReport.Allocation::row).containsExactly(2, 3, 5);
    }

    @Test
    void extensionsBelow200AreRefusedBecauseTheyBelongToEmergencyNumbers() throws Exception {
        ImportReport r = run("mac,model,site,extension\n001565aabb01,T46U,Zurich HQ,112\n001565aabb02,T46U,Zurich HQ,144\n");
        assertThat(r.errors()).extracting(FieldError::row, FieldError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(2, "extension"), org.assertj.core.groups.Tuple.tuple(3, "extension"));
        assertThat(r.errors().get(0).message()).contains("emergency");
        assertThat(inv.devices().count()).isZero();
    }

    @Test
    void oneBadRowAndNothingIsWrittenWithEveryProblemReported() throws Exception {
        String csv = "mac,model,site,extension,display_name,handset\n"
                + "001565aabb01,T46U,Zurich HQ,,Good,\n"
                + "00156zaabb02,T46U,Zurich HQ,,Bad MAC,\n"
                + "001565aabb03,T99X,Zurich HQ,,Unknown model,\n"
                + "001565aabb04,T46U,Nowhere,,Unknown site,\n"
                + "001565aabb05,T46U,Zurich HQ,,Desk with handset,2\n"
                + "001565aabb06,W70B,Zurich HQ,,Handset too high,11\n";
        ImportReport r = run(csv);
        assertThat(r.applied()).isFalse();
        assertThat(r.errors()).extracting(FieldError::row).containsExactly(3, 4, 5, 6, 7);
        assertThat(r.errors()).extracting(FieldError::field).containsExactly("mac", "model", "site", "handset", "handset");
        assertThat(inv.devices().count()).isZero();
        assertThat(inv.lines().allExtensions()).isEmpty();
    }

    @Test
    void duplicatesInsideTheFileAndAgainstTheInventoryAreReported() throws Exception {
        assertThat(run("mac,model,site,extension\n001565aabb01,T46U,Zurich HQ,250\n").errors()).isEmpty();
        ImportReport r = run("mac,model,site,extension\n"
                + "001565aabb01,T46U,Zurich HQ,\n"          // MAC already in the inventory
                + "001565aabb02,T46U,Zurich HQ,250\n"       // extension used by another device
                + "001565aabb03,T46U,Zurich HQ,260\n"
                + "001565aabb04,T46U,Zurich HQ,260\n"       // same extension twice in the file
                + "001565aabb05,T46U,Zurich HQ,270\n"
                + "001565aabb05,T54W,Zurich HQ,271\n");     // one MAC, two models
        assertThat(r.errors()).extracting(FieldError::row).containsExactlyInAnyOrder(2, 3, 5, 7);
        assertThat(inv.devices().count()).isEqualTo(1);
    }

    @Test
    void updateModeChangesExistingDevicesAndKeepsCredentialsOfKeptExtensions() throws Exception {
        assertThat(run("mac,model,site,extension,display_name,line\n001565aabb01,T46U,Zurich HQ,300,Old,1\n001565aabb01,T46U,Zurich HQ,301,Two,2\n")
                .errors()).isEmpty();
        Device before = inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow();
        Line kept = inv.lines().byExtension("300").orElseThrow();
        ImportReport r = run("mac,model,site,extension,display_name,serial\n001565aabb01,T46U,Genève,300,New name,SN-9\n",
                DeviceImport.Mode.UPDATE_EXISTING, false);
        assertThat(r.errors()).isEmpty();
        assertThat(r.devicesUpdated()).isEqualTo(1);
        Device after = inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow();
        assertThat(after.serial()).isEqualTo("SN-9");
        assertThat(after.siteId()).isNotEqualTo(before.siteId());
        assertThat(after.revision()).isGreaterThan(before.revision());
        Line now = inv.lines().byExtension("300").orElseThrow();
        assertThat(now.password()).isEqualTo(kept.password());
        assertThat(now.displayName()).isEqualTo("New name");
        assertThat(inv.lines().byExtension("301")).isEmpty();
    }

    @Test
    void aDryRunReportsButWritesNothing() throws Exception {
        ImportReport r = run("mac,model,site\n001565aabb01,T46U,Zurich HQ\n", DeviceImport.Mode.CREATE_ONLY, true);
        assertThat(r.errors()).isEmpty();
        assertThat(r.dryRun()).isTrue();
        assertThat(r.applied()).isFalse();
        assertThat(r.devicesCreated()).isEqualTo(1);
        assertThat(r.allocated()).extracting(ImportReport.Allocation::extension).containsExactly("200");
        assertThat(inv.devices().count()).isZero();
    }

    @Test
    void w90CarriesOneAccountPerHandsetAndRefusesTwoLinesOnOneHandset() throws Exception {
        StringBuilder csv = new StringBuilder("mac,model,site,display_name,handset\n");
        for (int h = 1; h <= 20; h++) {
            csv.append("805ec0d9c744,W90DM,Zurich HQ,HS").append(h).append(',').append(h).append('\n');
        }
        ImportReport r = run(csv.toString());
        assertThat(r.errors()).isEmpty();
        Device w90 = inv.devices().findByMac(Mac.parse("805ec0d9c744")).orElseThrow();
        List<Handset> hs = inv.handsets().byDevice(w90.id());
        assertThat(hs).hasSize(20);
        assertThat(hs).allSatisfy(h -> assertThat(h.linePositions()).containsExactly(h.index()));

        ImportReport bad = run("mac,model,site,display_name,handset\n805ec0d9c745,W90DM,Zurich HQ,A,1\n805ec0d9c745,W90DM,Zurich HQ,B,1\n"
                + "805ec0d9c745,W90DM,Zurich HQ,C,\n");
        assertThat(bad.errors()).extracting(FieldError::row).containsExactly(3, 4);
    }

    @Test
    void aW70bLineCanRingOnSeveralHandsets() throws Exception {
        ImportReport r = run("mac,model,site,extension,display_name,handset\n805e0c1d654e,W70B,Zurich HQ,400,Shared,1\n"
                + "805e0c1d654e,W70B,Zurich HQ,400,Shared,2\n805e0c1d654e,W70B,Zurich HQ,401,Private,2\n");
        assertThat(r.errors()).isEmpty();
        Device d = inv.devices().findByMac(Mac.parse("805e0c1d654e")).orElseThrow();
        assertThat(inv.lines().byDevice(d.id())).hasSize(2);
        assertThat(inv.handsets().byDevice(d.id())).extracting(Handset::linePositions).containsExactly(List.of(1), List.of(1, 2));
    }

    @Test
    void moreLinesThanTheModelHoldsIsRefused() throws Exception {
        ImportReport r = run("mac,model,site,line\n249ad8112233,T31G,Zurich HQ,1\n249ad8112233,T31G,Zurich HQ,2\n249ad8112233,T31G,Zurich HQ,3\n");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(4);
            assertThat(e.field()).isEqualTo("line");
            assertThat(e.message()).contains("from 1 to 2");
        });
    }

    @Test
    void structuralProblemsAreReportedOnTheHeaderRow() throws Exception {
        assertThat(run("").errors()).extracting(FieldError::row).containsExactly(1);
        assertThat(run("model,site\nT46U,Zurich HQ\n").errors()).anySatisfy(e -> assertThat(e.field()).isEqualTo("mac"));
        assertThat(run("mac,model,colour\n001565aabb01,T46U,red\n").errors()).anySatisfy(e -> assertThat(e.field()).isEqualTo("colour"));
        assertThat(run("mac,model\n001565aabb01,T46U,extra,fields\n").errors()).anySatisfy(e -> assertThat(e.row()).isEqualTo(2));
    }

    @Test
    void controlCharactersInNamesAreRefusedSoTheyCannotInjectConfigKeys() throws Exception {
        ImportReport r = run("mac,model,site,display_name\n001565aabb01,T46U,Zurich HQ,\"Eve\nstatic.security.user_password = admin:x\"\n");
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.field()).isEqualTo("display_name"));
    }

    @Test
    void aMacOnTwoRowsWithoutLineNumbersIsRefusedAndTheMessageSaysHowToGiveSeveralLines() throws Exception {
        ImportReport r = run("mac,model,site,display_name\n001565aabb01,T46U,Zurich HQ,Anna\n001565aabb01,T46U,Zurich HQ,Bruno\n");
        assertThat(r.applied()).isFalse();
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.field()).isEqualTo("line");
            assertThat(e.message()).contains("row 2", "line column", "1 to 16", "check the MAC");
        });
        assertThat(inv.devices().count()).isZero();
    }

    @Test
    void numberedRowsGiveOnePhoneSeveralLinesAndTheDryRunSaysHowManyEachDeviceGets() throws Exception {
        ImportReport r = run("mac,model,site,line,extension\n"
                + "805e0c1d654e,W70B,Zurich HQ,,\n"
                + "805e0c1d654e,W70B,Zurich HQ,,\n", DeviceImport.Mode.CREATE_ONLY, true);
        assertThat(r.errors()).singleElement().satisfies(e -> assertThat(e.message()).contains("handset column"));
        ImportReport ok = run("mac,model,site,line,extension,handset\n"
                + "001565aabb01,T46U,Zurich HQ,2,402,\n"
                + "001565aabb01,T46U,Zurich HQ,,401,\n"
                + "001565aabb02,T54W,Zurich HQ,,,\n"
                + "805e0c1d654e,W70B,Zurich HQ,1,,1\n"
                + "805e0c1d654e,W70B,Zurich HQ,1,,2\n",       // handset 2 shares line 1
                DeviceImport.Mode.CREATE_ONLY, true);
        assertThat(ok.errors()).isEmpty();
        assertThat(ok.devices()).extracting(ImportReport.DeviceOutcome::mac, ImportReport.DeviceOutcome::lines,
                ImportReport.DeviceOutcome::handsets).containsExactly(
                org.assertj.core.groups.Tuple.tuple("00:15:65:aa:bb:01", 2, 0),
                org.assertj.core.groups.Tuple.tuple("00:15:65:aa:bb:02", 1, 0),
                org.assertj.core.groups.Tuple.tuple("80:5e:0c:1d:65:4e", 1, 2));
        assertThat(run("mac,model,site,line,extension,handset\n"
                + "001565aabb01,T46U,Zurich HQ,2,402,\n001565aabb01,T46U,Zurich HQ,,401,\n").errors()).isEmpty();
        Device d = inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow();
        assertThat(inv.lines().byDevice(d.id())).extracting(Line::position, Line::extension).containsExactlyInAnyOrder(
                org.assertj.core.groups.Tuple.tuple(1, "401"), org.assertj.core.groups.Tuple.tuple(2, "402"));
    }

    @Test
    void aLineNumberTwiceOrBeyondTheModelsAccountsIsRefused() throws Exception {
        ImportReport r = run("mac,model,site,line\n001565aabb01,T46U,Zurich HQ,1\n001565aabb01,T46U,Zurich HQ,1\n"
                + "001565aabb02,T46U,Zurich HQ,17\n001565aabb03,T46U,Zurich HQ,one\n");
        assertThat(r.errors()).extracting(FieldError::row, FieldError::field).containsExactly(
                org.assertj.core.groups.Tuple.tuple(3, "extension"), org.assertj.core.groups.Tuple.tuple(4, "line"),
                org.assertj.core.groups.Tuple.tuple(5, "line"));
    }

    @Test
    void rowsOfOnlySeparatorsAndEmptyFieldsRightOfTheLastColumnAreIgnored() throws Exception {
        String csv = "\uFEFFmac;model;site;display_name\r\n"
                + "001565aabb01;T46U;Zurich HQ;\"Anna; Empfang\";;;\r\n"
                + ";;;\r\n"
                + ";;;;;;;;\r\n"
                + "001565aabb02;T46U;Zurich HQ;Bruno;\r\n"
                + ";;;\r\n";
        ImportReport r = run(csv);
        assertThat(r.errors()).isEmpty();
        assertThat(r.devicesCreated()).isEqualTo(2);
        assertThat(inv.lines().byDevice(inv.devices().findByMac(Mac.parse("001565aabb01")).orElseThrow().id()))
                .extracting(Line::displayName).containsExactly("Anna; Empfang");
    }

    @Test
    void aValueRightOfTheLastColumnIsStillAnError() throws Exception {
        ImportReport r = run("mac,model,site\n001565aabb01,T46U,Zurich HQ,,\n001565aabb02,T46U,Zurich HQ,,oops\n");
        assertThat(r.errors()).singleElement().satisfies(e -> {
            assertThat(e.row()).isEqualTo(3);
            assertThat(e.message()).contains("5 fields", "header has 3");
        });
        assertThat(inv.devices().count()).isZero();
    }
}
