package io.phonehome.inventory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class DeviceExportTest {
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '~', value = {
            "=HYPERLINK(\"http://evil\")|'=HYPERLINK(\"http://evil\")",
            "+41 44 000 00 00|'+41 44 000 00 00",
            "-2+3|'-2+3",
            "@SUM(A1)|'@SUM(A1)",
            "Anna Muster|Anna Muster",
            "200|200",
            "a=b|a=b"})
    void cellsASpreadsheetWouldEvaluateAreDefused(String value, String exported) {
        assertThat(DeviceExport.defuse(value)).isEqualTo(exported);
        assertThat(CsvTable.unescapeFormula(DeviceExport.defuse(value))).as("the import undoes it").isEqualTo(value);
    }

    @Test
    void tabAndCarriageReturnFirstAreDefusedToo() {
        assertThat(DeviceExport.defuse("\t=1")).isEqualTo("'\t=1");
        assertThat(DeviceExport.defuse("\r=1")).isEqualTo("'\r=1");
        assertThat(DeviceExport.defuse("")).isEmpty();
    }
}
