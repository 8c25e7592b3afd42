// Queuing cost of a background writer as a request thread sees it: wall time and bytes allocated
// per offer, 4 producer threads x 1,000,000 offers into a 50,000-slot lane, the hand-rolled
// ArrayBlockingQueue loop the writers used before against store.WriteBehind, interleaved.
//   mvn -B -o -q compile && cd bench/writebehind && CP=../../target/classes:$(ls ~/.m2/repository/org/slf4j/slf4j-api/*/slf4j-api-*.jar | head -1)
//   javac -cp $CP -d /tmp/qc QueueCost.java && java -cp $CP:/tmp/qc QueueCost
import io.phonehome.store.WriteBehind;
import java.util.*;
import java.util.concurrent.*;
import java.util.concurrent.atomic.*;

/** ns and bytes allocated per queued item, old hand-rolled loop vs WriteBehind, producers on 4 threads. */
public class QueueCost {
    static final int PRODUCERS = 4, PER = 1_000_000;
    static final Object ITEM = new Object();
    static final com.sun.management.ThreadMXBean MX = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();

    interface Q { boolean offer(Object o); void close() throws Exception; }

    static Q old() {
        ArrayBlockingQueue<Object> q = new ArrayBlockingQueue<>(50_000);
        AtomicLong enq = new AtomicLong(), dropped = new AtomicLong();
        AtomicBoolean run = new AtomicBoolean(true);
        Thread t = new Thread(() -> { List<Object> b = new ArrayList<>(2000);
            while (run.get()) { try { Object f = q.poll(200, TimeUnit.MILLISECONDS); if (f == null) continue; b.add(f); q.drainTo(b, 1999); b.clear(); } catch (InterruptedException e) { return; } } });
        t.setDaemon(true); t.start();
        return new Q() { public boolean offer(Object o) { if (q.offer(o)) { enq.incrementAndGet(); return true; } dropped.incrementAndGet(); return false; }
            public void close() throws Exception { run.set(false); t.join(); } };
    }

    static Q writeBehind() {
        var b = WriteBehind.<Object>named("bench-writer", "item(s)").maxBatch(2000);
        var lane = b.lane("bench", 50_000);
        var w = b.build(batch -> { });
        w.start();
        return new Q() { public boolean offer(Object o) { return lane.offer(o); } public void close() { w.close(); } };
    }

    static double[] run(Q q) throws Exception {
        long[] bytes = new long[PRODUCERS];
        CyclicBarrier go = new CyclicBarrier(PRODUCERS + 1);
        List<Thread> ts = new ArrayList<>();
        for (int p = 0; p < PRODUCERS; p++) { int id = p;
            Thread t = new Thread(() -> { try { go.await(); long a0 = MX.getCurrentThreadAllocatedBytes();
                for (int i = 0; i < PER; i++) q.offer(ITEM);
                bytes[id] = MX.getCurrentThreadAllocatedBytes() - a0; } catch (Exception e) { throw new RuntimeException(e); } });
            t.start(); ts.add(t); }
        go.await(); long t0 = System.nanoTime();
        for (Thread t : ts) t.join();
        long ns = System.nanoTime() - t0;
        q.close();
        long total = 0; for (long x : bytes) total += x;
        return new double[] {(double) ns / PER, (double) total / (PRODUCERS * (double) PER)};
    }

    public static void main(String[] a) throws Exception {
        for (int r = 0; r < 6; r++) {
            boolean wb = r % 2 == 1;
            double[] x = run(wb ? writeBehind() : old());
            System.out.printf("%s round %d: %.1f ns wall per item per producer, %.3f bytes allocated per offer%n", wb ? "WriteBehind" : "old loop   ", r / 2, x[0], x[1]);
        }
    }
}
