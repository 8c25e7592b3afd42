package io.phonehome.pki;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CertificateAuthorityTest {
    @TempDir
    Path dir;

    @Test
    void aSecondStartLoadsTheSameCaAndServerCertificate() {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "ec", List.of("prov.example.com"));
        CertificateAuthority second = CertificateAuthority.loadOrCreate(dir, "ec", List.of("prov.example.com"));
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        assertThat(second.serverChain().get(0)).isEqualTo(first.serverChain().get(0));
        assertThat(second.serverKey().getEncoded()).isEqualTo(first.serverKey().getEncoded());
    }

    @Test
    void theServerCertificateIsReissuedWhenAHostNameIsAddedButTheCaStays() throws Exception {
        CertificateAuthority first = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        CertificateAuthority second = CertificateAuthority.loadOrCreate(dir, "ec", List.of("prov.example.com", "10.1.2.3"));
        assertThat(second.caCertificate()).isEqualTo(first.caCertificate());
        X509Certificate cert = second.serverChain().get(0);
        assertThat(cert).isNotEqualTo(first.serverChain().get(0));
        assertThat(cert.getSubjectAlternativeNames()).extracting(l -> String.valueOf(l.get(1)))
                .contains("prov.example.com", "10.1.2.3", "localhost", "127.0.0.1");
        cert.verify(second.caCertificate().getPublicKey());
        assertThat(cert.getPublicKey().getAlgorithm()).isEqualTo("EC");
    }

    @Test
    void keysArePkcs8OwnerOnlyAndCertificatesArePem() throws Exception {
        CertificateAuthority.loadOrCreate(dir, "rsa", List.of());
        assertThat(Files.readString(dir.resolve("server-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.readString(dir.resolve("ca-key.pem"))).startsWith("-----BEGIN PRIVATE KEY-----");
        assertThat(Files.getPosixFilePermissions(dir.resolve("ca-key.pem"))).containsExactlyInAnyOrder(java.nio.file.attribute.PosixFilePermission.OWNER_READ, java.nio.file.attribute.PosixFilePermission.OWNER_WRITE);
        assertThat(Pem.readCertificates(dir.resolve("server.pem"))).hasSize(2);
        assertThat(Pem.readCertificates(dir.resolve("ca.pem")).get(0).getPublicKey().getAlgorithm()).isEqualTo("RSA");
    }

    @Test
    void deviceCertificatesNameTheMacAndValidateAgainstTheCa() {
        CertificateAuthority ca = CertificateAuthority.loadOrCreate(dir, "ec", List.of());
        var device = ca.issueDeviceCertificate("001565aabbcc");
        ClientCertificates verifier = new ClientCertificates(List.of(ca.caCertificate()));
        assertThat(verifier.provenMacs(new X509Certificate[] {device.certificate()})).containsExactly("001565aabbcc");
        CertificateAuthority other = CertificateAuthority.loadOrCreate(dir.resolve("other"), "ec", List.of());
        assertThat(verifier.provenMacs(new X509Certificate[] {other.issueDeviceCertificate("001565aabbcc").certificate()})).isEmpty();
        assertThat(device.toString()).contains("****").doesNotContain("BEGIN");
    }
}
