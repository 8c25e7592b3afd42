package io.phonehome.pki;

import java.security.Provider;
import org.conscrypt.Conscrypt;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * BoringSSL (through Conscrypt) as a TLS engine. In a boot storm every phone makes a full
 * handshake, and JDK 17's own TLS does its X25519 and ECDSA in pure Java: measured in-process,
 * a TLS 1.3 ECDSA handshake costs the server ~1.8 ms of CPU with the JDK engine, ~0.95 ms with
 * native primitives under it (ACCP, which lacks X25519), and ~0.4 ms with BoringSSL (see
 * bench/results/boot-storm.md). The provider is never registered globally: only the contexts
 * built with it use it. Where the native library cannot load, callers fall back to the JDK.
 * Its engines copy heap buffers through {@link ThreadDirectBuffers}, not a buffer of their own.
 */
public final class BoringSsl {
    private static final Logger log = LoggerFactory.getLogger(BoringSsl.class);
    private static volatile Provider provider;
    private static volatile boolean tried;

    private BoringSsl() {
    }

    /** The Conscrypt provider, or null when its native library is unavailable here. */
    public static synchronized Provider provider() {
        if (!tried) {
            tried = true;
            try {
                if (Conscrypt.isAvailable()) {
                    provider = Conscrypt.newProvider();
                    // for every engine made from now on (each made by a context built with this provider)
                    Conscrypt.setDefaultBufferAllocator(new ThreadDirectBuffers());
                    Conscrypt.Version v = Conscrypt.version();
                    log.info("TLS engine: BoringSSL via Conscrypt {}.{}.{}", v.major(), v.minor(), v.patch());
                } else {
                    Conscrypt.checkAvailability(); // throws with the reason, logged below
                }
            } catch (RuntimeException | LinkageError e) {
                log.warn("BoringSSL (Conscrypt) could not load ({}); using the JDK's TLS", e.toString());
            }
        }
        return provider;
    }
}
