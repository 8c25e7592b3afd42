package io.phonehome.sip;

import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * jain-sip creates some of its plug-ins (message valve, parser, processors, TLS keys) by class name with no
 * arguments. They find the objects of their own server here, by the stack's name, which is
 * unique per {@link SipServer}; the server registers before the stack starts and removes its
 * entry when it stops.
 */
final class StackPlugins {
    /**
     * What the reflectively created plug-ins of one stack need.
     *
     * @param dispatcher the listener, set once the SIP core is wired: the valve hands it REGISTERs and
     *                   refused requests directly (until then requests take the stack's normal path)
     * @param registersOnReader the UDP reader may handle REGISTERs itself ({@link ReaderDuty})
     */
    record Entry(SipGuard guard, KeyManager[] keyManagers, TrustManager[] trustManagers, AtomicReference<SipDispatcher> dispatcher,
                 boolean registersOnReader) {
    }

    private static final Map<String, Entry> BY_STACK = new ConcurrentHashMap<>();

    private StackPlugins() {
    }

    static void register(String stackName, Entry entry) {
        BY_STACK.put(stackName, entry);
    }

    static void remove(String stackName) {
        BY_STACK.remove(stackName);
    }

    /** The entry, or null when the server is gone (a late message during shutdown). */
    static Entry find(String stackName) {
        return BY_STACK.get(stackName);
    }

    static Entry of(String stackName) {
        Entry e = BY_STACK.get(stackName);
        if (e == null) {
            throw new IllegalStateException("no SIP server registered for stack " + stackName);
        }
        return e;
    }
}
