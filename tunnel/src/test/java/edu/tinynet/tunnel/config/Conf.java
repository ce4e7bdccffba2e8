package edu.tinynet.tunnel.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds a stunnel.conf text for tests: a valid baseline (one server-mode service) that a test changes
 * in one place. Lines are kept in order; {@link #service(String, String)} replaces an option already
 * written in the service section.
 */
final class Conf {

    /** The pretend location of every test configuration; relative paths resolve against /etc/tunnel. */
    static final Path FILE = Path.of("/etc/tunnel/test.conf");

    private final List<String> global = new ArrayList<>();
    private final List<String> service = new ArrayList<>();

    private Conf() {
    }

    /** {@code cert = server.pem} then {@code [svc] accept = 4433, connect = 8080}. */
    static Conf baseline() {
        Conf c = new Conf();
        c.global.add("; baseline: one server-mode service");
        c.global.add("cert = server.pem");
        c.service.add("accept = 4433");
        c.service.add("connect = 8080");
        return c;
    }

    /** Adds a raw line at the end of the global section. */
    Conf globalLine(String line) {
        global.add(line);
        return this;
    }

    Conf global(String key, String value) {
        return globalLine(key + " = " + value);
    }

    /** Sets {@code key} in the service section, replacing an earlier line for the same key. */
    Conf service(String key, String value) {
        String line = key + " = " + value;
        for (int i = 0; i < service.size(); i++) {
            if (service.get(i).startsWith(key + " =")) {
                service.set(i, line);
                return this;
            }
        }
        service.add(line);
        return this;
    }

    /** Adds a raw line at the end of the service section. */
    Conf serviceLine(String line) {
        service.add(line);
        return this;
    }

    /** Removes {@code key} from the service section. */
    Conf without(String key) {
        service.removeIf(l -> l.startsWith(key + " ="));
        global.removeIf(l -> l.startsWith(key + " ="));
        return this;
    }

    String text() {
        StringBuilder b = new StringBuilder();
        global.forEach(l -> b.append(l).append('\n'));
        b.append("\n[svc]\n");
        service.forEach(l -> b.append(l).append('\n'));
        return b.toString();
    }

    /** 1-based line number of the first line equal to {@code line}. */
    int lineOf(String line) {
        String[] lines = text().split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].equals(line)) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException("no line " + line);
    }

    CheckResult check() {
        return ConfigParser.check(text(), FILE, ParseOptions.STRICT);
    }

    CheckResult checkLenient() {
        return ConfigParser.check(text(), FILE, ParseOptions.LENIENT);
    }

    TunnelConfig parse() throws ConfigException {
        return ConfigParser.parse(text(), FILE, ParseOptions.STRICT);
    }

    ServiceConfig svc() throws ConfigException {
        return parse().services().get(0);
    }

    /** Every diagnostic, formatted. */
    List<String> messages() {
        return check().diagnostics().stream().map(Diagnostic::format).toList();
    }
}
