package io.phonehome.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import io.phonehome.testing.RawHttpsConnection;
import io.phonehome.testing.TestCluster;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Issue 16's crash test: a boot storm through HAProxy on three nodes, one node killed with
 * {@code kill -9} in the middle. Phones retry once after a failure, as phones do; none may fail
 * after its retry, and every phone gets exactly the file it got with all nodes up.
 */
class NodeKilledMidStormIT {
    static final int PHONES = 150;
    static final int CONCURRENT = 12;
    /** A phone's pause before its one retry. */
    static final long RETRY_MILLIS = 2_000;
    static ClusterPhones phones;
    static TestCluster cluster;

    @BeforeAll
    static void start() {
        phones = new ClusterPhones(PHONES);
        cluster = TestCluster.start(TestCluster.options().nodes(3).database(phones.dbUrl));
    }

    @AfterAll
    static void stop() {
        if (cluster != null) {
            cluster.close();
        }
        if (phones != null) {
            phones.close();
        }
    }

    /** One phone's fetch with its one retry; null when both attempts failed. */
    private static byte[] bootWithOneRetry(ClusterPhones.Phone p, List<String> firstFailures) throws InterruptedException {
        for (int attempt = 0; attempt < 2; attempt++) {
            try {
                RawHttpsConnection.Answer a = ClusterPhones.fetch(cluster.clientTls(), HaproxyInFrontIT.PHONE_ADDRESS,
                        cluster.haproxyHttpsPort(), cluster.haproxyHttpsPort(), p);
                if (a.status() == 200) {
                    return a.body();
                }
                firstFailures.add(p.mac() + " attempt " + attempt + ": HTTP " + a.status());
            } catch (RuntimeException e) {
                firstFailures.add(p.mac() + " attempt " + attempt + ": " + e);
            }
            Thread.sleep(RETRY_MILLIS);
        }
        return null;
    }

    @Test
    void aNodeKilledMidStormCostsNoPhoneAfterItsRetryAndNoConfig() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(CONCURRENT);
        try {
            // what every phone gets with all three nodes up
            Map<String, byte[]> expected = new ConcurrentHashMap<>();
            List<String> warmUpFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Future<?>> warm = new ArrayList<>();
            for (ClusterPhones.Phone p : phones.phones) {
                warm.add(pool.submit(() -> {
                    byte[] b = bootWithOneRetry(p, warmUpFailures);
                    if (b != null) {
                        expected.put(p.mac(), b);
                    }
                    return null;
                }));
            }
            for (Future<?> f : warm) {
                f.get(10, TimeUnit.MINUTES);
            }
            assertThat(expected).as("all nodes up: " + warmUpFailures).hasSize(PHONES);

            // the storm: every phone boots again; node 1 dies when a third of them are done
            Map<Integer, Long> beforeStorm = cluster.phoneSessionsByNode();
            Map<String, byte[]> got = new ConcurrentHashMap<>();
            List<String> firstFailures = java.util.Collections.synchronizedList(new ArrayList<>());
            AtomicInteger done = new AtomicInteger();
            Map<Integer, Long>[] atKill = new Map[1];
            List<Future<?>> storm = new ArrayList<>();
            for (ClusterPhones.Phone p : phones.phones) {
                storm.add(pool.submit(() -> {
                    byte[] b = bootWithOneRetry(p, firstFailures);
                    if (b != null) {
                        got.put(p.mac(), b);
                    }
                    if (done.incrementAndGet() == PHONES / 3) {
                        atKill[0] = cluster.phoneSessionsByNode();
                        cluster.node(1).kill();
                    }
                    return null;
                }));
            }
            for (Future<?> f : storm) {
                f.get(10, TimeUnit.MINUTES);
            }
            Map<Integer, Long> afterStorm = cluster.phoneSessionsByNode();
            System.out.println("storm: sessions per node before " + beforeStorm + ", at the kill " + atKill[0] + ", after " + afterStorm
                    + "; failures before a retry: " + firstFailures.size() + " " + firstFailures
                    + "; with all nodes up, before the storm: " + warmUpFailures.size() + " " + warmUpFailures);

            assertThat(cluster.node(1).alive()).as("node 1 was killed").isFalse();
            for (int n = 0; n < 3; n++) {
                assertThat(atKill[0].get(n) - beforeStorm.get(n)).as("node " + n + " served the storm before the kill").isPositive();
            }
            assertThat(afterStorm.get(0) + afterStorm.get(2)).as("the two others went on").isGreaterThan(atKill[0].get(0) + atKill[0].get(2));
            List<String> failed = new ArrayList<>();
            List<String> differing = new ArrayList<>();
            for (ClusterPhones.Phone p : phones.phones) {
                byte[] b = got.get(p.mac());
                if (b == null) {
                    failed.add(p.mac());
                } else if (!Arrays.equals(b, expected.get(p.mac()))) {
                    differing.add(p.mac());
                }
            }
            assertThat(failed).as("phones failed after their retry; failures: " + firstFailures).isEmpty();
            assertThat(differing).as("phones whose config differs from the one all nodes served").isEmpty();
        } finally {
            pool.shutdownNow();
        }
    }
}
