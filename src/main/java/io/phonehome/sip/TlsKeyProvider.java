package io.phonehome.sip;

import gov.nist.core.net.SecurityManagerProvider;
import java.util.Properties;
import javax.net.ssl.KeyManager;
import javax.net.ssl.TrustManager;

/**
 * Hands jain-sip the key material of Phonehome's own CA for SIP over TLS (server certificate and
 * key from {@code pki}, never a keystore file). Instantiated by jain-sip by class name
 * (SECURITY_MANAGER_PROVIDER); finds its server through {@link StackPlugins}.
 */
public final class TlsKeyProvider implements SecurityManagerProvider {
    private KeyManager[] keyManagers;
    private TrustManager[] trustManagers;

    public TlsKeyProvider() {
        // jain-sip creates it reflectively
    }

    @Override
    public void init(Properties properties) {
        StackPlugins.Entry e = StackPlugins.of(properties.getProperty("javax.sip.STACK_NAME"));
        this.keyManagers = e.keyManagers();
        this.trustManagers = e.trustManagers();
    }

    @Override
    public KeyManager[] getKeyManagers(boolean client) {
        return keyManagers;
    }

    @Override
    public TrustManager[] getTrustManagers(boolean client) {
        return trustManagers;
    }
}
