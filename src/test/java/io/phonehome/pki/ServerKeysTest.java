package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.RSAPrivateKey;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerKeysTest {
    @TempDir
    Path dir;

    private static SSLEngine boringSslEngine() throws Exception {
        assumeTrue(BoringSsl.provider() != null, "BoringSSL (Conscrypt) does not load on this machine");
        SSLContext ctx = SSLContext.getInstance("TLS", BoringSsl.provider());
        ctx.init(null, null, null);
        return ctx.createSSLEngine();
    }

    /** The key manager a BoringSSL context is given, and an alias it chose for a BoringSSL engine. */
    private record BoringSslChoice(X509ExtendedKeyManager keyManager, String alias) {
        static BoringSslChoice of(ServerKeys keys, String keyType) throws Exception {
            X509ExtendedKeyManager km = (X509ExtendedKeyManager) keys.asBoringSslKeyManagers()[0];
            return new BoringSslChoice(km, km.chooseEngineServerAlias(keyType, null, boringSslEngine()));
        }

        PrivateKey key() {
            return keyManager.getPrivateKey(alias);
        }
    }

    private static SSLEngine jdkEngine() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        return ctx.createSSLEngine();
    }

    @Test
    void boringSslEnginesGetTheKeyAsBoringSslsOwnMadeOnceAndItSignsForTheCertificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        BoringSslChoice chosen = BoringSslChoice.of(ca.serverKeys(), "EC");

        PrivateKey key = chosen.key();
        assertThat(key.getClass().getName()).startsWith("org.conscrypt.");
        assertThat(chosen.key()).isSameAs(key);
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) ca.serverKey()).getS());
        assertThat(chosen.keyManager().getCertificateChain(chosen.alias())).containsExactlyElementsOf(ca.serverChain());

        byte[] data = "a boot storm".getBytes(StandardCharsets.US_ASCII);
        Signature signer = Signature.getInstance("SHA256withECDSA", BoringSsl.provider());
        signer.initSign(key);
        signer.update(data);
        byte[] signature = signer.sign();
        Signature verifier = Signature.getInstance("SHA256withECDSA");
        verifier.initVerify(ca.serverChain().get(0).getPublicKey());
        verifier.update(data);
        assertThat(verifier.verify(signature)).isTrue();
    }

    @Test
    void jdkEnginesGetTheKeyAsLoaded() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        ServerKeys keys = ca.serverKeys();
        String alias = keys.chooseEngineServerAlias("EC", null, jdkEngine());

        PrivateKey key = keys.getPrivateKey(alias);
        assertThat(key.getClass().getName()).doesNotStartWith("org.conscrypt.");
        assertThat(key.getEncoded()).isEqualTo(ca.serverKey().getEncoded());
        assertThat(keys.getCertificateChain(alias)).containsExactlyElementsOf(ca.serverChain());
    }

    @Test
    void anRsaKeyIsTakenOverByBoringSslToo() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "rsa", List.of());
        PrivateKey key = BoringSslChoice.of(ca.serverKeys(), "RSA").key();
        assertThat(key.getClass().getName()).startsWith("org.conscrypt.");
        assertThat(((RSAPrivateKey) key).getModulus()).isEqualTo(((RSAPrivateKey) ca.serverKey()).getModulus());
    }

    @Test
    void aReplacedCertificateGivesBoringSslItsNewKeyAndTheOldAliasKeepsTheOldOne() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other"), "ec", List.of());
        ServerKeys keys = ca.serverKeys();
        BoringSslChoice before = BoringSslChoice.of(keys, "EC");

        keys.install(new CertifiedKey(other.serverChain(), other.serverKey()));
        BoringSslChoice after = BoringSslChoice.of(keys, "EC");

        assertThat(after.alias()).isNotEqualTo(before.alias());
        assertThat(((ECPrivateKey) after.key()).getS()).isEqualTo(((ECPrivateKey) other.serverKey()).getS());
        assertThat(after.keyManager().getCertificateChain(after.alias())).containsExactlyElementsOf(other.serverChain());
        // a handshake that chose its alias just before the swap still gets the matching key and chain
        assertThat(((ECPrivateKey) before.key()).getS()).isEqualTo(((ECPrivateKey) ca.serverKey()).getS());
        assertThat(before.keyManager().getCertificateChain(before.alias())).containsExactlyElementsOf(ca.serverChain());
    }
}
