package io.phonehome.pki;

import com.amazon.corretto.crypto.provider.AmazonCorrettoCryptoProvider;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the Amazon Corretto Crypto Provider (AWS-LC, native) first among the JCA providers, so the
 * JDK's own TLS (SunJSSE) does its ECDSA signatures, X25519/ECDH agreements, HKDF and AES-GCM
 * natively. In a boot storm every phone makes a full handshake; with the pure-Java primitives of
 * JDK 17 a handshake costs the server about three times more CPU (measured in
 * bench/results/boot-storm.md). Where the native library cannot load (another OS or CPU), the
 * JDK providers stay in place and a warning says so.
 */
public final class NativeCrypto {
    private static final Logger log = LoggerFactory.getLogger(NativeCrypto.class);
    private static volatile Boolean installed;

    private NativeCrypto() {
    }

    /** Idempotent; returns whether the native provider is in use. */
    public static synchronized boolean install() {
        if (installed != null) {
            return installed;
        }
        try {
            Throwable loadError = AmazonCorrettoCryptoProvider.INSTANCE.getLoadingError();
            if (loadError != null) {
                log.warn("native crypto unavailable ({}); TLS uses the JDK's pure-Java primitives", loadError.getMessage());
                installed = false;
                return false;
            }
            AmazonCorrettoCryptoProvider.install();
            AmazonCorrettoCryptoProvider.INSTANCE.assertHealthy();
            log.info("native crypto provider {} installed", AmazonCorrettoCryptoProvider.INSTANCE.getVersionStr());
            installed = true;
        } catch (RuntimeException | LinkageError e) {
            log.warn("native crypto unavailable ({}); TLS uses the JDK's pure-Java primitives", e.toString());
            installed = false;
        }
        return installed;
    }
}
