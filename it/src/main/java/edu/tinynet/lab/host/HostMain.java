package edu.tinynet.lab.host;

import edu.tinynet.tunnel.pki.KeyType;
import edu.tinynet.tunnel.pki.PkiException;
import edu.tinynet.tunnel.service.ProcessSignals;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import sun.misc.Signal;

/**
 * Entry point of {@code tinynet-host.jar}, the program every container of the compose lab runs:
 *
 * <pre>
 * host run ROLE        one lab host: its tunnel (seed config + lab overlay) and its loopback server
 * host show ROLE       print ROLE's effective configuration (seed + lab overlay)
 * host pki-init        the lab PKI in /pki, unless it is there already
 * host probe URI...    health check: ldap[s]://, imap[s]://, smtp[s]://, tls://, tcp://
 * host netstat [-l]    the container's TCP sockets (there is no netstat in the image)
 * host send ADDR TEXT  send TEXT in plaintext (the capture test's control)
 * </pre>
 *
 * The only class here that calls {@link System#exit}.
 */
@Command(name = "host", mixinStandardHelpOptions = true, versionProvider = HostMain.Version.class,
        description = "The TinyNet live lab's host runner (one JVM per container).",
        subcommands = {HostMain.Run.class, HostMain.Show.class, HostMain.PkiInitCommand.class,
            HostMain.ProbeCommand.class, HostMain.NetstatCommand.class, HostMain.Send.class})
public final class HostMain implements Callable<Integer> {

    /** Exit codes. */
    public static final int OK = 0;
    public static final int FAILURE = 1;
    public static final int USAGE = 2;

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; returns the exit code. */
    public static int run(String... args) {
        CommandLine cl = new CommandLine(new HostMain());
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        return cl.execute(args);
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return USAGE;
    }

    /** The jar's Implementation-Version. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = HostMain.class.getPackage().getImplementationVersion();
            return new String[] {"tinynet-host " + (v == null ? "dev" : v)};
        }
    }

    // ------------------------------------------------------------------ run

    /** {@code host run ROLE}. */
    @Command(name = "run", mixinStandardHelpOptions = true,
            description = {"Run one lab host until SIGTERM: its tunnel and, behind it on loopback, its server.",
                "ROLE: webserver, ldaphost, mailhost or gateway.",
                "Signals: HUP rewrites the effective configuration from seed + overlay and reloads the tunnel,",
                "USR2 lists active connections, USR1 reopens the log file, TERM/INT stop."})
    static final class Run implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ROLE", description = "webserver, ldaphost, mailhost or gateway")
        String role;

        @Option(names = "--seed", paramLabel = "FILE",
                description = "Seed configuration, used verbatim (default: /etc/tinynet/seed/ROLE.conf).")
        Path seed;

        @Option(names = "--overlay", paramLabel = "FILE",
                description = "Lab overlay (default: /etc/tinynet/lab/ROLE.conf when it exists).")
        Path overlay;

        @Option(names = "--no-overlay", description = "Run the seed alone, even when an overlay exists.")
        boolean noOverlay;

        @Option(names = "--pki", paramLabel = "DIR", defaultValue = "/pki",
                description = "Lab PKI: ca.pem and HOST/Site_Cert.pem (default: ${DEFAULT-VALUE}).")
        Path pki;

        @Option(names = "--run-dir", paramLabel = "DIR", defaultValue = "/run/tinynet",
                description = "Where the effective configuration is written (default: ${DEFAULT-VALUE}).")
        Path runDir;

        @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0",
                description = "Add N to every port, the tunnel's and the server's (default: ${DEFAULT-VALUE}).")
        int portOffset;

        @Option(names = "--drain", paramLabel = "SECONDS", defaultValue = "5",
                description = "On stop, wait this long for live tunnel connections (default: ${DEFAULT-VALUE}).")
        int drainSeconds;

        @Override
        public Integer call() {
            return runHost(this, System.getenv(), System.err);
        }
    }

    static int runHost(Run o, java.util.Map<String, String> env, PrintStream err) {
        Role role;
        try {
            role = Role.of(o.role);
        } catch (IllegalArgumentException e) {
            err.println("host: " + e.getMessage());
            return USAGE;
        }
        if (o.portOffset < 0 || o.portOffset > 60000 || o.drainSeconds < 0) {
            err.println("host: --port-offset must be 0..60000 and --drain not negative");
            return USAGE;
        }
        Path seed = o.seed != null ? o.seed : Path.of("/etc/tinynet/seed", role.id() + ".conf");
        Path overlay = o.overlay;
        if (o.noOverlay) {
            overlay = null;
        } else if (overlay == null) {
            overlay = defaultOverlay(role);
        }
        LabHost host;
        try {
            host = LabHost.start(new LabHost.Settings(role, seed, overlay, o.pki, o.runDir, o.portOffset,
                    Duration.ofSeconds(o.drainSeconds), err, env));
        } catch (LabHost.StartFailed e) {
            return FAILURE;
        }
        Thread hook = new Thread(host::close, "host-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        ProcessSignals.install(host.daemon());
        try {
            // HUP: seed and overlay again, not just the effective file (ProcessSignals' reload)
            Signal.handle(new Signal("HUP"), s -> {
                Thread t = new Thread(host::reload, "signal-HUP");
                t.setDaemon(true);
                t.start();
            });
        } catch (IllegalArgumentException | UnsupportedOperationException e) {
            // no SIGHUP here: ProcessSignals already said so
        }
        try {
            host.daemon().awaitStopRequest();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        host.close();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // the JVM is shutting down already
        }
        return OK;
    }

    // ------------------------------------------------------------------ show

    /** {@code host show ROLE}. */
    @Command(name = "show", mixinStandardHelpOptions = true,
            description = "Print the effective configuration `host run ROLE` would write: the seed verbatim plus the"
                    + " lab overlay's lines, each addition marked.")
    static final class Show implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "ROLE", description = "webserver, ldaphost, mailhost or gateway")
        String role;

        @Option(names = "--seed", paramLabel = "FILE", description = "Seed (default: /etc/tinynet/seed/ROLE.conf).")
        Path seed;

        @Option(names = "--overlay", paramLabel = "FILE",
                description = "Overlay (default: /etc/tinynet/lab/ROLE.conf when it exists).")
        Path overlay;

        @Override
        public Integer call() {
            Role r;
            try {
                r = Role.of(role);
            } catch (IllegalArgumentException e) {
                System.err.println("host show: " + e.getMessage());
                return USAGE;
            }
            Path s = seed != null ? seed : Path.of("/etc/tinynet/seed", r.id() + ".conf");
            Path o = overlay != null ? overlay : defaultOverlay(r);
            try {
                String text = ConfigOverlay.merge(Files.readString(s), s.toString(),
                        o == null ? null : Files.readString(o), o == null ? null : o.toString());
                System.out.print(text);
                return OK;
            } catch (IOException | IllegalArgumentException e) {
                System.err.println("host show: " + e.getMessage());
                return FAILURE;
            }
        }
    }

    static Path defaultOverlay(Role r) {
        Path dflt = Path.of("/etc/tinynet/lab", r.id() + ".conf");
        return Files.exists(dflt) ? dflt : null;
    }

    // ------------------------------------------------------------------ pki-init

    /** {@code host pki-init}. */
    @Command(name = "pki-init", mixinStandardHelpOptions = true,
            description = {"Make the lab PKI (as `tunnel pki lab`) unless DIR already holds it;",
                "refuses a directory that holds only part of it."})
    static final class PkiInitCommand implements Callable<Integer> {

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "/pki",
                description = "Directory (default: ${DEFAULT-VALUE}).")
        Path out;

        @Option(names = "--key-type", paramLabel = "TYPE", defaultValue = "ec-p256",
                description = "ec-p256 (default), ec-p384, rsa2048, rsa3072, ed25519.")
        String keyType;

        @Override
        public Integer call() {
            PrintStream err = System.err;
            KeyType kt = KeyType.fromCliName(keyType);
            if (kt == null) {
                err.println("host pki-init: unknown --key-type " + keyType
                        + " (ec-p256, ec-p384, rsa2048, rsa3072, ed25519)");
                return USAGE;
            }
            edu.tinynet.tunnel.log.LogbackBridge.install(edu.tinynet.tunnel.log.StunnelLog.toStream(err), () -> 5);
            try {
                PkiInit.ensure(out, kt, line -> err.println(logLine(line)));
                return OK;
            } catch (PkiException e) {
                err.println(logLine("pki-init failed: " + e.getMessage()));
                return FAILURE;
            }
        }

        private static String logLine(String text) {
            return edu.tinynet.tunnel.log.StunnelLog.format(LocalDateTime.now(), 5, "pki", text);
        }
    }

    // ------------------------------------------------------------------ probe

    /** {@code host probe URI...}. */
    @Command(name = "probe", mixinStandardHelpOptions = true,
            description = {"Check that services answer; one line per URI, exit 0 when all do.",
                "ldap[s]://H:P anonymous bind; imap[s]://H:P and smtp[s]://H:P greeting; tls://H:P handshake;",
                "tcp://H:P connect. TLS probes verify the chain against --ca and the name (--name, else H)."})
    static final class ProbeCommand implements Callable<Integer> {

        @Parameters(arity = "1..*", paramLabel = "URI")
        List<URI> targets;

        @Option(names = "--ca", paramLabel = "FILE", description = "CA certificates (PEM) for TLS probes.")
        Path ca;

        @Option(names = "--name", paramLabel = "HOST",
                description = "Name the server certificate must carry (default: the URI's host).")
        String name;

        @Option(names = "--timeout", paramLabel = "MS", defaultValue = "5000",
                description = "Connect and read timeout (default: ${DEFAULT-VALUE}).")
        long timeoutMs;

        @Option(names = "--quiet", description = "Print nothing when every probe succeeds.")
        boolean quiet;

        @Override
        public Integer call() {
            boolean all = true;
            for (URI t : targets) {
                Probe.Result r = Probe.check(t, new Probe.Tls(ca, name), Duration.ofMillis(timeoutMs));
                all &= r.ok();
                if (!quiet || !r.ok()) {
                    System.out.println(r.line());
                }
            }
            return all ? OK : FAILURE;
        }
    }

    // ------------------------------------------------------------------ netstat

    /** {@code host netstat}. */
    @Command(name = "netstat", mixinStandardHelpOptions = true,
            description = {"The TCP sockets of this container (from /proc/net/tcp and tcp6), like netstat -tn;",
                "-l: listening sockets only. Every socket in a lab container belongs to its one JVM."})
    static final class NetstatCommand implements Callable<Integer> {

        @Option(names = {"-l", "--listening"}, description = "Only listening sockets.")
        boolean listening;

        @Option(names = "--proc-net", paramLabel = "DIR", defaultValue = "/proc/net", hidden = true)
        Path procNet;

        @Override
        public Integer call() {
            try {
                List<Netstat.Entry> entries = Netstat.read(procNet);
                System.out.println(new Netstat.Entry("Proto", "Local Address", "Foreign Address", "State").line());
                for (Netstat.Entry e : entries) {
                    if (!listening || e.state().equals("LISTEN")) {
                        System.out.println(e.line());
                    }
                }
                return OK;
            } catch (IOException | RuntimeException e) {
                System.err.println("host netstat: cannot read " + procNet + ": " + e.getMessage());
                return FAILURE;
            }
        }
    }

    // ------------------------------------------------------------------ send

    /** {@code host send HOST:PORT TEXT}. */
    @Command(name = "send", mixinStandardHelpOptions = true,
            description = {"Connect to HOST:PORT, send TEXT in plaintext, print how the peer answered.",
                "The capture test's control: plaintext on the lab network must be visible to the capture."})
    static final class Send implements Callable<Integer> {

        @Parameters(index = "0", paramLabel = "HOST:PORT")
        String address;

        @Parameters(index = "1", paramLabel = "TEXT")
        String text;

        @Option(names = "--timeout", paramLabel = "MS", defaultValue = "5000")
        int timeoutMs;

        @Override
        public Integer call() {
            int colon = address.lastIndexOf(':');
            if (colon <= 0) {
                System.err.println("host send: expected HOST:PORT, got " + address);
                return USAGE;
            }
            String host = address.substring(0, colon);
            int port;
            try {
                port = Integer.parseInt(address.substring(colon + 1));
            } catch (NumberFormatException e) {
                System.err.println("host send: bad port in " + address);
                return USAGE;
            }
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress(host, port), timeoutMs);
                s.setSoTimeout(timeoutMs);
                s.getOutputStream().write((text + "\r\n").getBytes(StandardCharsets.UTF_8));
                s.getOutputStream().flush();
                InputStream in = s.getInputStream();
                byte[] buf = new byte[4096];
                int total = 0;
                String how;
                try {
                    int n;
                    while ((n = in.read(buf)) >= 0) {
                        total += n;
                    }
                    how = "closed by the peer";
                } catch (SocketTimeoutException e) {
                    how = "still open after " + timeoutMs + " ms";
                } catch (IOException e) {
                    how = "reset by the peer (" + e.getMessage() + ")";
                }
                System.out.println("sent " + (text.length() + 2) + " bytes in plaintext from "
                        + LabHost.hostPort((InetSocketAddress) s.getLocalSocketAddress()) + " to " + address + "; received "
                        + total + " bytes; " + how);
                return OK;
            } catch (IOException e) {
                System.out.println("FAILED " + address + ": " + e.getMessage());
                return FAILURE;
            }
        }
    }
}
