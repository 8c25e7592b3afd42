package io.phonehome.firmware;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ByteRangeRequestTest {

    @ParameterizedTest(name = "{0} of {1}")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            // header | size | kind | start | end
            "NULL                   | 1000 | WHOLE         | 0   | 999",
            "bytes=0-99             | 1000 | PARTIAL       | 0   | 99",
            "bytes=500-             | 1000 | PARTIAL       | 500 | 999",
            "bytes=-100             | 1000 | PARTIAL       | 900 | 999",
            "bytes=-5000            | 1000 | PARTIAL       | 0   | 999",
            "bytes=900-5000         | 1000 | PARTIAL       | 900 | 999",
            "bytes=999-999          | 1000 | PARTIAL       | 999 | 999",
            "BYTES = 10-19          | 1000 | PARTIAL       | 10  | 19",
            "bytes=1000-            | 1000 | UNSATISFIABLE | 0   | -1",
            "bytes=2000-3000        | 1000 | UNSATISFIABLE | 0   | -1",
            "bytes=-0               | 1000 | UNSATISFIABLE | 0   | -1",
            "bytes=0-1,5-9          | 1000 | WHOLE         | 0   | 999",
            "bytes=9-5              | 1000 | WHOLE         | 0   | 999",
            "bytes=a-b              | 1000 | WHOLE         | 0   | 999",
            "items=0-9              | 1000 | WHOLE         | 0   | 999",
            "bytes=99999999999999999999- | 1000 | WHOLE    | 0   | 999",
            "bytes=5                | 1000 | WHOLE         | 0   | 999",
    })
    void answersOneRangeAndIgnoresWhatItNeedNotServe(String header, long size, ByteRangeRequest.Kind kind, long start, long end) {
        ByteRangeRequest r = ByteRangeRequest.parse(header, size);
        assertThat(r.kind()).isEqualTo(kind);
        assertThat(r.start()).isEqualTo(start);
        assertThat(r.end()).isEqualTo(end);
    }
}
