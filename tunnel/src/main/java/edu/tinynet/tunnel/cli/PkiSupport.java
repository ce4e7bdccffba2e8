package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.pki.Certificates;
import edu.tinynet.tunnel.pki.KeyFiles;
import edu.tinynet.tunnel.pki.KeyMaterial;
import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Shared plumbing of the {@code tunnel pki} subcommands: one-line errors, option parsing
 * (passwords, times, key types, serial numbers) and loading a CA.
 */
abstract class PkiSupport implements Callable<Integer> {

    /** Help text shared by every password option. */
    static final String PASSWORD_FORMS = "pass:TEXT, env:VAR, file:PATH (first line), or the password itself";

    @Spec
    CommandSpec spec;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help message and exit.")
    boolean help;

    /** A problem with the user's input: reported as one line, exit code {@link ExitCodes#FAILURE}. */
    static final class UserError extends Exception {
        private static final long serialVersionUID = 1L;

        UserError(String message) {
            super(message);
        }
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    @Override
    public final Integer call() {
        try {
            return run();
        } catch (PkiException | UserError | IllegalArgumentException e) {
            return fail(e.getMessage());
        } catch (RuntimeException e) {
            return fail("unexpected error: " + e);
        }
    }

    /** The command's work; returns the exit code. */
    abstract int run() throws PkiException, UserError;

    /** Prints {@code tunnel pki CMD: message} as one line on stderr and returns FAILURE. */
    int fail(String message) {
        err().println(spec.qualifiedName() + ": " + oneLine(message));
        err().flush();
        return ExitCodes.FAILURE;
    }

    static String oneLine(String s) {
        return s == null ? "(no message)" : s.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    // ------------------------------------------------------------------ option parsing

    /** Parses a password option: {@value #PASSWORD_FORMS}. Null stays null. */
    static char[] password(String spec, String option) throws UserError {
        if (spec == null) {
            return null;
        }
        if (spec.startsWith("pass:")) {
            return spec.substring(5).toCharArray();
        }
        if (spec.startsWith("env:")) {
            String v = System.getenv(spec.substring(4));
            if (v == null) {
                throw new UserError(option + " " + spec + ": environment variable " + spec.substring(4) + " is not set");
            }
            return v.toCharArray();
        }
        if (spec.startsWith("file:")) {
            Path f = Path.of(spec.substring(5));
            try {
                List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
                return (lines.isEmpty() ? "" : lines.get(0)).toCharArray();
            } catch (IOException e) {
                throw new UserError(option + " " + spec + ": cannot read " + f + ": " + e.getMessage());
            }
        }
        return spec.toCharArray();
    }

    private static final Pattern RELATIVE = Pattern.compile("(?:now)?([+-])(\\d+)([dhm])");

    /**
     * Parses a time: {@code now}, {@code -30d}/{@code +2h}/{@code now-10m} (relative),
     * {@code 2025-01-31} (midnight UTC), {@code 2025-01-31T12:00:00Z} or with an offset, or a local
     * date-time taken as UTC.
     */
    static Instant time(String text, String option) throws UserError {
        String t = text.trim();
        Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        if (t.equalsIgnoreCase("now")) {
            return now;
        }
        Matcher m = RELATIVE.matcher(t);
        if (m.matches()) {
            long n = Long.parseLong(m.group(2));
            Duration d = switch (m.group(3)) {
                case "d" -> Duration.ofDays(n);
                case "h" -> Duration.ofHours(n);
                default -> Duration.ofMinutes(n);
            };
            return m.group(1).equals("+") ? now.plus(d) : now.minus(d);
        }
        try {
            if (t.length() == 10) {
                return LocalDate.parse(t).atStartOfDay(ZoneOffset.UTC).toInstant();
            }
            if (t.endsWith("Z") || t.matches(".*[+-]\\d\\d:?\\d\\d$")) {
                return OffsetDateTime.parse(t).toInstant();
            }
            return LocalDateTime.parse(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            throw new UserError(option + " " + text + ": not a time; use YYYY-MM-DD, YYYY-MM-DDTHH:MM:SSZ, now, or"
                    + " a relative time such as -30d, +12h, -5m");
        }
    }

    /** The validity window from {@code --days}, {@code --not-before} and {@code --not-after}. */
    static Instant[] validity(Integer days, String notBefore, String notAfter, int defaultDays) throws UserError {
        if (days != null && notAfter != null) {
            throw new UserError("--days and --not-after cannot be used together");
        }
        if (days != null && days <= 0) {
            throw new UserError("--days " + days + ": must be a positive number of days");
        }
        Instant from = notBefore != null ? time(notBefore, "--not-before")
                : Instant.now().minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS);
        Instant to = notAfter != null ? time(notAfter, "--not-after")
                : from.plus(Duration.ofDays(days != null ? days : defaultDays));
        if (!to.isAfter(from)) {
            throw new UserError("--not-after " + Certificates.time(to) + " is not after --not-before " + Certificates.time(from));
        }
        return new Instant[] {from, to};
    }

    /** Parses {@code --key-type}. */
    static KeyType keyType(String name) throws UserError {
        KeyType t = KeyType.fromCliName(name);
        if (t == null) {
            throw new UserError("--key-type " + name + ": unknown key type (use one of: " + KeyType.cliNames() + ")");
        }
        return t;
    }

    /** Parses a serial number in hex, with or without colons or a {@code 0x} prefix. */
    static BigInteger serial(String text) throws UserError {
        String s = text.trim().replace(":", "").replace(" ", "");
        if (s.startsWith("0x") || s.startsWith("0X")) {
            s = s.substring(2);
        }
        if (s.isEmpty() || !s.matches("[0-9A-Fa-f]+")) {
            throw new UserError("--serial " + text + ": not a hexadecimal serial number (e.g. 8F:3A:... as 'tunnel pki show' prints it)");
        }
        return new BigInteger(s, 16);
    }

    // ------------------------------------------------------------------ CA loading

    /** The default key file next to a CA certificate file: {@code ca.pem} -> {@code ca-key.pem}. */
    static Path siblingKeyFile(Path caFile) {
        String name = caFile.getFileName().toString();
        int dot = name.lastIndexOf('.');
        String base = dot > 0 ? name.substring(0, dot) : name;
        return caFile.resolveSibling(base + "-key.pem");
    }

    /**
     * Loads a CA certificate and its private key. The key comes from {@code caKeyFile}, else from the
     * CA file itself (a combined file), else from {@code <ca>-key.pem} next to it. Checks that the
     * certificate is a CA, that the key file is private (unless allowed), and that the key matches.
     */
    KeyMaterial loadCa(Path caFile, Path caKeyFile, char[] password, boolean allowInsecure) throws PkiException, UserError {
        Pem.Scan scan = Pem.scan(caFile, password);
        List<X509Certificate> certs = scan.contents().certificates();
        if (certs.isEmpty()) {
            throw new UserError(caFile + ": no certificate found; --ca must name the CA certificate (e.g. ca.pem)");
        }
        X509Certificate caCert = certs.get(0);
        Certificates.requireCa(caCert, caFile.toString());
        Path keyFile;
        if (caKeyFile != null) {
            keyFile = caKeyFile;
        } else if (!scan.contents().keys().isEmpty() || scan.encryptedKeysSkipped() > 0) {
            keyFile = caFile;
        } else {
            keyFile = siblingKeyFile(caFile);
            if (!Files.exists(keyFile)) {
                throw new UserError("no CA private key: " + caFile + " holds only the certificate and " + keyFile
                        + " does not exist; give --ca-key FILE");
            }
        }
        PrivateKey key;
        try {
            key = Pem.readPrivateKey(keyFile, password);
        } catch (PkiException e) {
            if (e.getMessage().endsWith("no password was given")) {
                throw new UserError(e.getMessage() + " (give --ca-password)");
            }
            throw e;
        }
        KeyFiles.checkPrivateKeyFile(keyFile, allowInsecure);
        KeyMaterial ca = new KeyMaterial(key, certs);
        if (!ca.keyMatchesCertificate()) {
            throw new UserError(keyFile + ": the private key does not belong to the CA certificate "
                    + Certificates.subject(caCert) + " in " + caFile + " (wrong --ca-key?)");
        }
        return ca;
    }
}
