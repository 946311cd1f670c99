package io.github.conversations4j.testing;

import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * The test TLS material: {@code /tls/test-server.p12}, a self-signed EC certificate for {@code api.brevo.test},
 * {@code localhost} and {@code 127.0.0.1}, valid for 100 years. Made once with:
 *
 * <pre>
 * keytool -genkeypair -alias server -keyalg EC -groupname secp256r1 -sigalg SHA256withECDSA \
 *   -dname "CN=api.brevo.test" -ext "SAN=dns:api.brevo.test,dns:localhost,ip:127.0.0.1" -validity 36500 \
 *   -storetype PKCS12 -keystore src/test/resources/tls/test-server.p12 -storepass changeit -keypass changeit
 * </pre>
 */
public final class TestTls {
    private static final char[] PASSWORD = "changeit".toCharArray();
    private static volatile SSLContext server;
    private static volatile SSLContext client;

    private TestTls() {}

    private static KeyStore keyStore() throws IOException, GeneralSecurityException {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = TestTls.class.getResourceAsStream("/tls/test-server.p12")) {
            if (in == null) {
                throw new IOException("no /tls/test-server.p12 on the test class path");
            }
            store.load(in, PASSWORD);
        }
        return store;
    }

    /** The server side: presents the test certificate. */
    public static SSLContext serverContext() {
        if (server == null) {
            try {
                KeyManagerFactory keys = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                keys.init(keyStore(), PASSWORD);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(keys.getKeyManagers(), null, null);
                server = context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return server;
    }

    /** A client context that trusts the test certificate (and nothing else). */
    public static SSLContext trustingContext() {
        if (client == null) {
            try {
                KeyStore source = keyStore();
                Certificate certificate = source.getCertificate("server");
                KeyStore trust = KeyStore.getInstance("PKCS12");
                trust.load(null, null);
                trust.setCertificateEntry("test-server", certificate);
                TrustManagerFactory trustManagers =
                        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                trustManagers.init(trust);
                SSLContext context = SSLContext.getInstance("TLS");
                context.init(null, trustManagers.getTrustManagers(), null);
                client = context;
            } catch (IOException | GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
        return client;
    }

    /** What a test passes to {@code builder.sslSocketFactory(...)}. */
    public static SSLSocketFactory trustingSocketFactory() {
        return trustingContext().getSocketFactory();
    }
}
