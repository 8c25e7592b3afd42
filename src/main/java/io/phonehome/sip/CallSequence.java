package io.phonehome.sip;

import java.util.ArrayDeque;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call's events, run one at a time in the order they came, on a pool shared by all calls: a
 * call's script keeps plain fields and never sees two of its events at once, while a slow step in
 * one call (a database read) holds up no other call's.
 */
final class CallSequence implements Executor {
    private static final Logger log = LoggerFactory.getLogger(CallSequence.class);

    private final Executor pool;
    private final ArrayDeque<Runnable> queue = new ArrayDeque<>();
    private boolean running;

    CallSequence(Executor pool) {
        this.pool = pool;
    }

    @Override
    public void execute(Runnable task) {
        synchronized (queue) {
            queue.add(task);
            if (running) {
                return;
            }
            running = true;
        }
        pool.execute(this::drain);
    }

    private void drain() {
        while (true) {
            Runnable next;
            synchronized (queue) {
                next = queue.poll();
                if (next == null) {
                    running = false;
                    return;
                }
            }
            try {
                next.run();
            } catch (RuntimeException e) {
                // a script's mistake ends nothing else: the call goes on to its next event
                log.warn("a service call's script failed: {}", e.toString(), e);
            }
        }
    }
}
