package edu.tinynet.lab.host;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManagerFactory;

/**
 * Speaks just enough of a lab protocol to tell whether a service really answers: an anonymous LDAP
 * bind that must succeed, the IMAP greeting ({@code * OK}) or the SMTP greeting ({@code 220}), each
 * followed by a polite goodbye; over TLS for {@code ldaps}, {@code imaps} and {@code smtps}, with
 * the server's chain verified against the lab CA and its certificate checked for the expected name.
 * {@code tls} does only the verified handshake, {@code tcp} only the connect.
 *
 * <p>The health checks of the compose lab run it inside each container (no shell there), and the
 * compose tests run it from a container on the lab network to see what that network offers.
 */
public final class Probe {

    /** The result of one probe: {@code ok} and a one-line description. */
    public record Result(URI target, boolean ok, String detail) {

        /** {@code ok URI: detail} or {@code FAILED URI: detail}. */
        public String line() {
            return (ok ? "ok " : "FAILED ") + target + ": " + detail;
        }
    }

    /**
     * TLS settings.
     *
     * @param caFile   the CA certificates to trust (PEM); required for TLS probes
     * @param hostName the name the server certificate must carry; null: the URI's host
     */
    public record Tls(Path caFile, String hostName) {
    }

    private enum Protocol {
        TCP(false), TLS(true), LDAP(false), LDAPS(true), IMAP(false), IMAPS(true), SMTP(false), SMTPS(true);

        final boolean tls;

        Protocol(boolean tls) {
            this.tls = tls;
        }
    }

    private Probe() {
    }

    /** Probes {@code target} (e.g. {@code ldaps://127.0.0.1:636}); never throws for network trouble. */
    public static Result check(URI target, Tls tls, Duration timeout) {
        Protocol p;
        try {
            p = Protocol.valueOf(String.valueOf(target.getScheme()).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return new Result(target, false, "unknown scheme (use tcp, tls, ldap, ldaps, imap, imaps, smtp, smtps)");
        }
        if (target.getHost() == null || target.getPort() < 0) {
            return new Result(target, false, "the URI needs a host and a port, e.g. " + p.name().toLowerCase(Locale.ROOT)
                    + "://127.0.0.1:636");
        }
        int ms = (int) Math.min(Integer.MAX_VALUE, timeout.toMillis());
        try (Socket plain = new Socket()) {
            plain.connect(new InetSocketAddress(target.getHost(), target.getPort()), ms);
            plain.setSoTimeout(ms);
            Socket s = plain;
            String tlsInfo = "";
            if (p.tls) {
                SSLSocket ssl = startTls(plain, target, tls);
                s = ssl;
                X509Certificate leaf = (X509Certificate) ssl.getSession().getPeerCertificates()[0];
                tlsInfo = ssl.getSession().getProtocol() + ", " + leaf.getSubjectX500Principal().getName()
                        + " verified for " + expectedName(target, tls) + "; ";
            }
            String answer = switch (p) {
                case TCP -> "connected";
                case TLS -> "handshake complete";
                case LDAP, LDAPS -> ldapBind(s.getInputStream(), s.getOutputStream());
                case IMAP, IMAPS -> imap(s.getInputStream(), s.getOutputStream());
                case SMTP, SMTPS -> smtp(s.getInputStream(), s.getOutputStream());
            };
            return new Result(target, true, tlsInfo + answer);
        } catch (ConnectException e) {
            return new Result(target, false, "connection refused");
        } catch (UnknownHostException e) {
            return new Result(target, false, "unknown host " + target.getHost());
        } catch (SocketTimeoutException e) {
            return new Result(target, false, "no answer within " + timeout.toMillis() + " ms");
        } catch (SSLException e) {
            return new Result(target, false, "TLS failed: " + message(e));
        } catch (EOFException e) {
            return new Result(target, false, "connection closed by the server (" + message(e) + ")");
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            return new Result(target, false, message(e));
        }
    }

    private static String expectedName(URI target, Tls tls) {
        return tls != null && tls.hostName() != null ? tls.hostName() : target.getHost();
    }

    private static SSLSocket startTls(Socket plain, URI target, Tls tls)
            throws IOException, GeneralSecurityException {
        if (tls == null || tls.caFile() == null) {
            throw new IllegalArgumentException("a TLS probe needs the CA file (--ca)");
        }
        // the JDK's own PEM reader: a health check should not load Bouncy Castle every few seconds
        Collection<? extends Certificate> cas;
        try (InputStream in = Files.newInputStream(tls.caFile())) {
            cas = CertificateFactory.getInstance("X.509").generateCertificates(in);
        } catch (NoSuchFileException e) {
            throw new IOException("CA file " + tls.caFile() + " not found", e);
        }
        if (cas.isEmpty()) {
            throw new IOException("no certificate in CA file " + tls.caFile());
        }
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        int i = 0;
        for (Certificate c : cas) {
            trust.setCertificateEntry("ca" + i++, c);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(trust);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        String name = expectedName(target, tls);
        SSLSocket ssl = (SSLSocket) ctx.getSocketFactory().createSocket(plain, name, target.getPort(), true);
        SSLParameters params = ssl.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS"); // the certificate must be valid for name
        params.setProtocols(new String[] {"TLSv1.3", "TLSv1.2"});
        if (!isIpLiteral(name)) {
            params.setServerNames(List.of(new SNIHostName(name)));
        }
        ssl.setSSLParameters(params);
        ssl.startHandshake();
        return ssl;
    }

    private static boolean isIpLiteral(String s) {
        return s.indexOf(':') >= 0 || s.matches("[0-9.]+");
    }

    // ------------------------------------------------------------------ LDAP

    /** LDAPv3 anonymous simple bind, message 1: SEQUENCE { 1, [APPLICATION 0] { 3, "", [0] "" } }. */
    private static final byte[] ANONYMOUS_BIND = {0x30, 0x0c, 0x02, 0x01, 0x01, 0x60, 0x07, 0x02, 0x01, 0x03, 0x04,
        0x00, (byte) 0x80, 0x00};
    /** Unbind, message 2. */
    private static final byte[] UNBIND = {0x30, 0x05, 0x02, 0x01, 0x02, 0x42, 0x00};

    static String ldapBind(InputStream in, OutputStream out) throws IOException {
        out.write(ANONYMOUS_BIND);
        out.flush();
        // LDAPMessage ::= SEQUENCE { messageID INTEGER, protocolOp [APPLICATION 1] BindResponse {...} }
        Ber message = Ber.read(in);
        if (message.tag != 0x30) {
            throw new IOException(String.format("the answer is not LDAP (first byte 0x%02x)", message.tag));
        }
        java.io.ByteArrayInputStream body = new java.io.ByteArrayInputStream(message.value);
        Ber id = Ber.read(body);
        Ber op = Ber.read(body);
        if (id.tag != 0x02 || op.tag != 0x61) {
            throw new IOException(String.format("expected a BindResponse, got tag 0x%02x", op.tag));
        }
        Ber resultCode = Ber.read(new java.io.ByteArrayInputStream(op.value));
        if (resultCode.tag != 0x0a || resultCode.value.length != 1) {
            throw new IOException("malformed BindResponse");
        }
        int rc = resultCode.value[0] & 0xff;
        out.write(UNBIND);
        out.flush();
        if (rc != 0) {
            throw new IOException("anonymous LDAP bind refused, resultCode " + rc);
        }
        return "LDAP bind answered success";
    }

    /** A BER element with a definite length. */
    private record Ber(int tag, byte[] value) {

        static Ber read(InputStream in) throws IOException {
            int tag = readByte(in);
            int len = readByte(in);
            if ((len & 0x80) != 0) {
                int n = len & 0x7f;
                if (n == 0 || n > 3) {
                    throw new IOException("unsupported BER length");
                }
                len = 0;
                for (int i = 0; i < n; i++) {
                    len = (len << 8) | readByte(in);
                }
            }
            byte[] v = in.readNBytes(len);
            if (v.length != len) {
                throw new EOFException("truncated LDAP message");
            }
            return new Ber(tag, v);
        }

        private static int readByte(InputStream in) throws IOException {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("no LDAP answer");
            }
            return b;
        }
    }

    // ------------------------------------------------------------------ IMAP and SMTP

    static String imap(InputStream in, OutputStream out) throws IOException {
        String greeting = readLine(in);
        if (!greeting.startsWith("* OK")) {
            throw new IOException("not an IMAP greeting: " + abbreviate(greeting));
        }
        out.write("p1 LOGOUT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        String line;
        do {
            line = readLine(in);
        } while (!line.startsWith("p1 "));
        return "IMAP greeting: " + abbreviate(greeting);
    }

    static String smtp(InputStream in, OutputStream out) throws IOException {
        String line = readLine(in);
        String greeting = line;
        while (line.startsWith("220-")) {
            line = readLine(in);
        }
        if (!line.startsWith("220")) {
            throw new IOException("not an SMTP greeting: " + abbreviate(greeting));
        }
        out.write("QUIT\r\n".getBytes(StandardCharsets.US_ASCII));
        out.flush();
        readLine(in);
        return "SMTP greeting: " + abbreviate(greeting);
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (b.size() < 4096) {
                b.write(c);
            }
        }
        if (c < 0 && b.size() == 0) {
            throw new EOFException("no greeting");
        }
        return b.toString(StandardCharsets.US_ASCII).stripTrailing();
    }

    private static String abbreviate(String s) {
        return s.length() <= 80 ? s : s.substring(0, 77) + "...";
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m != null ? m : e.getClass().getSimpleName();
    }
}
