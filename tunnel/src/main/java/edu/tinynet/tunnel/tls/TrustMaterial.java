package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.cert.CRL;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.CRLException;
import java.security.cert.X509CRL;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The certificates a service trusts ({@code CAfile}, {@code CApath}) and the CRLs it checks
 * ({@code CRLfile}), loaded once, up front.
 *
 * <p>Every certificate in {@code CAfile} and {@code CApath} is trusted as given: a root, an
 * intermediate (a chain may then stop there, OpenSSL's "partial chain") or a pinned leaf for
 * {@code verifyPeer}.
 */
public final class TrustMaterial {

    /** OpenSSL {@code c_rehash} names: eight hex digits, a dot, a number. */
    private static final Pattern HASH_NAME = Pattern.compile("[0-9a-fA-F]{8}\\.\\d+");
    /** OpenSSL {@code c_rehash} names of CRLs ({@code abcd1234.r0}); not certificates. */
    private static final Pattern CRL_HASH_NAME = Pattern.compile("[0-9a-fA-F]{8}\\.r\\d+");

    private final List<X509Certificate> certificates;
    private final List<X509CRL> crls;
    private final String trustSource;
    private final String crlSource;
    private final int caFileCount;
    private final int caPathCount;

    private TrustMaterial(List<X509Certificate> certificates, List<X509CRL> crls, String trustSource,
            String crlSource, int caFileCount, int caPathCount) {
        this.certificates = List.copyOf(certificates);
        this.crls = List.copyOf(crls);
        this.trustSource = trustSource;
        this.crlSource = crlSource;
        this.caFileCount = caFileCount;
        this.caPathCount = caPathCount;
    }

    /** Nothing trusted, no CRLs. */
    public static TrustMaterial empty() {
        return new TrustMaterial(List.of(), List.of(), "no CAfile or CApath", null, 0, 0);
    }

    /**
     * Loads the files.
     *
     * @param service  service name for messages
     * @param caFile   {@code CAfile} or null
     * @param caPath   {@code CApath} or null
     * @param crlFile  {@code CRLfile} or null
     * @param warnings receives problems that do not stop loading (unreadable files in CApath,
     *                 expired CA certificates, expired CRLs)
     */
    public static TrustMaterial load(String service, Path caFile, Path caPath, Path crlFile,
            Consumer<String> warnings) throws TlsConfigException {
        Map<String, X509Certificate> byFingerprint = new LinkedHashMap<>();
        int fileCount = 0;
        if (caFile != null) {
            List<X509Certificate> certs;
            try {
                certs = Pem.readCertificates(caFile);
            } catch (PkiException e) {
                throw new TlsConfigException(service, "CAfile", "CAfile = " + e.getMessage(), e);
            }
            for (X509Certificate c : certs) {
                if (byFingerprint.putIfAbsent(CertificateText.fingerprint(c), c) == null) {
                    warnValidity("CAfile = " + caFile, c, warnings);
                }
            }
            fileCount = byFingerprint.size();
        }
        int pathCount = 0;
        if (caPath != null) {
            int before = byFingerprint.size();
            loadDirectory(service, caPath, byFingerprint, warnings);
            pathCount = byFingerprint.size() - before;
        }
        List<X509Certificate> certs = new ArrayList<>(byFingerprint.values());
        List<X509CRL> crls = List.of();
        if (crlFile != null) {
            crls = readCrls(service, crlFile);
            java.util.Date now = new java.util.Date();
            for (X509CRL crl : crls) {
                if (crl.getNextUpdate() != null && crl.getNextUpdate().before(now)) {
                    warnings.accept("CRLfile = " + crlFile + ": the CRL from " + CertificateText.name(crl.getIssuerX500Principal())
                            + " expired on " + CertificateText.date(crl.getNextUpdate())
                            + " (nextUpdate); certificates it covers will be refused until it is renewed");
                }
            }
        }
        List<String> sources = new ArrayList<>();
        if (caFile != null) {
            sources.add("CAfile " + caFile);
        }
        if (caPath != null) {
            sources.add("CApath " + caPath);
        }
        return new TrustMaterial(certs, crls, sources.isEmpty() ? "no CAfile or CApath" : String.join(" or ", sources),
                crlFile == null ? null : "CRLfile " + crlFile, fileCount, pathCount);
    }

    private static void warnValidity(String where, X509Certificate c, Consumer<String> warnings) {
        java.util.Date now = new java.util.Date();
        if (c.getNotAfter().before(now)) {
            warnings.accept(where + ": trusted certificate " + CertificateText.subject(c) + " expired on "
                    + CertificateText.date(c.getNotAfter()) + "; peers whose chain ends there will be refused");
        } else if (c.getNotBefore().after(now)) {
            warnings.accept(where + ": trusted certificate " + CertificateText.subject(c)
                    + " is not valid until " + CertificateText.date(c.getNotBefore()));
        }
    }

    private static void loadDirectory(String service, Path dir, Map<String, X509Certificate> into,
            Consumer<String> warnings) throws TlsConfigException {
        if (!Files.exists(dir)) {
            throw new TlsConfigException(service, "CApath", "CApath = " + dir + ": no such directory");
        }
        if (!Files.isDirectory(dir)) {
            throw new TlsConfigException(service, "CApath", "CApath = " + dir + ": not a directory");
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(TrustMaterial::looksLikeCertificateFile).sorted().toList();
        } catch (IOException e) {
            throw new TlsConfigException(service, "CApath", "CApath = " + dir + ": cannot list: " + e.getMessage(), e);
        }
        int found = 0;
        for (Path f : files) {
            if (!Files.isRegularFile(f)) {
                continue; // directories, dangling links
            }
            try {
                List<X509Certificate> certs = readCertificatesPemOrDer(f);
                for (X509Certificate c : certs) {
                    if (into.putIfAbsent(CertificateText.fingerprint(c), c) == null) {
                        warnValidity("CApath = " + dir + " (" + f.getFileName() + ")", c, warnings);
                    }
                    found++;
                }
            } catch (PkiException e) {
                warnings.accept("CApath = " + dir + ": skipped " + e.getMessage());
            }
        }
        if (found == 0) {
            throw new TlsConfigException(service, "CApath", "CApath = " + dir + ": no certificate found in " + files.size()
                    + " candidate file(s) (loaded are *.pem, *.crt, *.cer and OpenSSL hash names like 1a2b3c4d.0)");
        }
    }

    private static boolean looksLikeCertificateFile(Path p) {
        String n = p.getFileName().toString();
        if (n.startsWith(".")) {
            return false;
        }
        String lower = n.toLowerCase(Locale.ROOT);
        if (CRL_HASH_NAME.matcher(n).matches()) {
            return false;
        }
        return lower.endsWith(".pem") || lower.endsWith(".crt") || lower.endsWith(".cer")
                || HASH_NAME.matcher(n).matches();
    }

    /** Certificates from a PEM file, or a DER certificate (common for {@code .cer}/{@code .crt}). */
    private static List<X509Certificate> readCertificatesPemOrDer(Path f) throws PkiException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(f);
        } catch (NoSuchFileException e) {
            throw new PkiException(f + ": no such file");
        } catch (IOException e) {
            throw new PkiException(f + ": cannot read: " + e.getMessage(), e);
        }
        if (looksLikePem(bytes)) {
            return Pem.readCertificates(f);
        }
        try {
            Collection<? extends java.security.cert.Certificate> cs =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (java.security.cert.Certificate c : cs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new PkiException(f + ": no certificate found");
            }
            return out;
        } catch (CertificateException e) {
            throw new PkiException(f + ": neither PEM nor a DER certificate (" + e.getMessage() + ")", e);
        }
    }

    private static boolean looksLikePem(byte[] bytes) {
        String head = new String(bytes, 0, Math.min(bytes.length, 64 * 1024), StandardCharsets.ISO_8859_1);
        return head.contains("-----BEGIN ");
    }

    /** Every CRL in a PEM file, or one or more DER CRLs. */
    static List<X509CRL> readCrls(String service, Path file) throws TlsConfigException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new TlsConfigException(service, "CRLfile", "CRLfile = " + file + ": no such file");
        } catch (IOException e) {
            throw new TlsConfigException(service, "CRLfile", "CRLfile = " + file + ": cannot read: " + e.getMessage(), e);
        }
        if (looksLikePem(bytes)) {
            try {
                List<X509CRL> crls = Pem.read(file, null).crls();
                if (crls.isEmpty()) {
                    throw new TlsConfigException(service, "CRLfile", "CRLfile = " +
                            file + ": no CRL found (expected -----BEGIN X509 CRL----- or a DER CRL)");
                }
                return crls;
            } catch (PkiException e) {
                throw new TlsConfigException(service, "CRLfile", "CRLfile = " + e.getMessage(), e);
            }
        }
        try {
            Collection<? extends CRL> cs = CertificateFactory.getInstance("X.509")
                    .generateCRLs(new ByteArrayInputStream(bytes));
            List<X509CRL> out = new ArrayList<>();
            for (CRL c : cs) {
                out.add((X509CRL) c);
            }
            if (out.isEmpty()) {
                throw new TlsConfigException(service, "CRLfile", "CRLfile = " + file + ": no CRL found");
            }
            return out;
        } catch (CRLException | CertificateException e) {
            throw new TlsConfigException(service, "CRLfile", "CRLfile = " +
                    file + ": neither PEM nor a DER CRL (" + e.getMessage() + ")", e);
        }
    }

    /** Every trusted certificate, CAfile first, without duplicates. */
    public List<X509Certificate> certificates() {
        return certificates;
    }

    /** The CRLs from {@code CRLfile}. */
    public List<X509CRL> crls() {
        return crls;
    }

    /** True when nothing is trusted. */
    public boolean isEmpty() {
        return certificates.isEmpty();
    }

    /** Where trust comes from, for messages: {@code CAfile ca.pem} or {@code CAfile a or CApath d}. */
    public String trustSource() {
        return trustSource;
    }

    /** {@code CRLfile x}, or null. */
    public String crlSource() {
        return crlSource;
    }

    /** True when the exact certificate is trusted (pinning). */
    public boolean containsExactly(X509Certificate c) {
        for (X509Certificate t : certificates) {
            if (t.equals(c)) {
                return true;
            }
        }
        return false;
    }

    /** One line for {@code tunnel check}, e.g. {@code 1 certificate(s) from CAfile ca.pem; 1 CRL(s) ...}. */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (String source : trustSource.split(" or ")) {
            if (source.startsWith("CAfile")) {
                parts.add(caFileCount + " certificate(s) from " + source);
            } else if (source.startsWith("CApath")) {
                parts.add(caPathCount + (parts.isEmpty() ? "" : " more") + " certificate(s) from " + source);
            }
        }
        String s = parts.isEmpty() ? "nothing trusted" : String.join(", ", parts);
        if (crlSource != null) {
            int revoked = 0;
            for (X509CRL c : crls) {
                revoked += c.getRevokedCertificates() == null ? 0 : c.getRevokedCertificates().size();
            }
            s += "; " + crls.size() + " CRL(s) listing " + revoked + " revoked certificate(s) from " + crlSource;
        }
        return s;
    }
}
