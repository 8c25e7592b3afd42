package io.phonehome.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedSecretsTest {
    final TestDatabase db = new TestDatabase();

    @AfterEach
    void tearDown() {
        db.close();
    }

    @Test
    void theFirstAskCreatesTheSecretAndEveryLaterAskReadsTheSameOne() {
        byte[] first = new SharedSecrets(db.database().jdbc()).secret("digest_nonce", 32);
        byte[] again = new SharedSecrets(db.database().jdbc()).secret("digest_nonce", 32);
        assertThat(first).hasSize(32).isEqualTo(again);
        assertThat(new SharedSecrets(db.database().jdbc()).secret("other", 32)).isNotEqualTo(first);
    }

    @Test
    void nodesStartingTogetherAllEndUpWithTheOneSecretThatWasStored() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Callable<byte[]>> nodes = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                nodes.add(() -> new SharedSecrets(db.database().jdbc()).secret("digest_nonce", 32));
            }
            byte[] stored = null;
            for (Future<byte[]> f : pool.invokeAll(nodes)) {
                byte[] got = f.get();
                if (stored == null) {
                    stored = db.database().jdbc().queryOne("SELECT secret FROM shared_secrets WHERE name = 'digest_nonce'",
                            rs -> java.util.Base64.getDecoder().decode(rs.getString(1))).orElseThrow();
                }
                assertThat(got).isEqualTo(stored);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
