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

    private static SSLEngine jdkEngine() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, null, null);
        return ctx.createSSLEngine();
    }

    @Test
    void boringSslEnginesGetTheKeyAsBoringSslsOwnMadeOnceAndItSignsForTheCertificate() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        ServerKeys keys = ca.serverKeys();
        String alias = keys.chooseEngineServerAlias("EC", null, boringSslEngine());

        PrivateKey key = keys.getPrivateKey(alias);
        assertThat(key.getClass().getName()).startsWith("org.conscrypt.");
        assertThat(keys.getPrivateKey(alias)).isSameAs(key);
        assertThat(((ECPrivateKey) key).getS()).isEqualTo(((ECPrivateKey) ca.serverKey()).getS());
        assertThat(keys.getCertificateChain(alias)).containsExactlyElementsOf(ca.serverChain());

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
        ServerKeys keys = ca.serverKeys();
        String alias = keys.chooseEngineServerAlias("RSA", null, boringSslEngine());

        PrivateKey key = keys.getPrivateKey(alias);
        assertThat(key.getClass().getName()).startsWith("org.conscrypt.");
        assertThat(((RSAPrivateKey) key).getModulus()).isEqualTo(((RSAPrivateKey) ca.serverKey()).getModulus());
    }

    @Test
    void aReplacedCertificateGivesBoringSslItsNewKeyAndTheOldAliasKeepsTheOldOne() throws Exception {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other"), "ec", List.of());
        ServerKeys keys = ca.serverKeys();
        SSLEngine engine = boringSslEngine();
        String before = keys.chooseEngineServerAlias("EC", null, engine);

        keys.install(new CertifiedKey(other.serverChain(), other.serverKey()));
        String after = keys.chooseEngineServerAlias("EC", null, engine);

        assertThat(after).isNotEqualTo(before);
        assertThat(((ECPrivateKey) keys.getPrivateKey(after)).getS()).isEqualTo(((ECPrivateKey) other.serverKey()).getS());
        assertThat(keys.getCertificateChain(after)).containsExactlyElementsOf(other.serverChain());
        // a handshake that chose its alias just before the swap still gets the matching key and chain
        assertThat(((ECPrivateKey) keys.getPrivateKey(before)).getS()).isEqualTo(((ECPrivateKey) ca.serverKey()).getS());
        assertThat(keys.getCertificateChain(before)).containsExactlyElementsOf(ca.serverChain());
    }
}
