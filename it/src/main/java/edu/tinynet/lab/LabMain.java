package edu.tinynet.lab;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code java -jar tinynet-lab.jar}: runs the embedded TinyNet lab until Ctrl-C or SIGTERM.
 * Exit codes: 0 after a clean stop, 1 when the lab cannot start, 2 for a bad command line.
 */
@Command(name = "tinynet-lab", mixinStandardHelpOptions = true, versionProvider = LabMain.Version.class,
        sortOptions = false, usageHelpAutoWidth = true,
        description = {
            "Runs the TinyNet lab in this process on loopback: WebServer (127.0.0.1), LDAPhost (127.0.0.2),",
            "MailHost (127.0.0.3) and Gateway (127.0.0.4), the servers behind TLS tunnels started from the",
            "seed's stunnel configurations. Prints what listens where and commands to try, then runs until",
            "Ctrl-C or SIGTERM."},
        footer = {"", "Files in the work directory: certs/ (pki lab), conf/HOST.conf (the effective tunnel",
            "configurations, runnable with tunnel.jar), logs/HOST.log (stunnel format), tap/ (captures)."})
public final class LabMain implements Callable<Integer> {

    @Option(names = "--work", paramLabel = "DIR", description = "Work directory (default: ${DEFAULT-VALUE}).")
    Path work = Path.of("lab-work");

    @Option(names = "--tap", description = "Put an eavesdropper on every hop between hosts and report what it sees.")
    boolean tap;

    @Option(names = "--no-tls", description = "Bypass the tunnels (plain TCP forwarding): the control experiment.")
    boolean noTls;

    @Option(names = "--real-ports", description = "Use the seed's own ports (389, 636, 143, ...; needs privileges)"
            + " instead of the seed's plus 10000.")
    boolean realPorts;

    @Option(names = "--port-offset", paramLabel = "N", description = "Added to the seed's ports (default: ${DEFAULT-VALUE}).")
    int portOffset = LabPorts.DEFAULT_OFFSET;

    @Option(names = "--free-ports", description = "Let the system choose free ports instead (scripts read them"
            + " from --status-file).")
    boolean freePorts;

    @Option(names = "--status-file", paramLabel = "FILE", description = "Write the lab's status as JSON (hosts, services,"
            + " addresses, the demo user, tap summaries) for scripts; rewritten on each tap summary and at exit.")
    Path statusFile;

    @Option(names = "--tap-every", paramLabel = "SECONDS", description = "With --tap: print the tap summary every"
            + " SECONDS too (it is printed when you press Enter and at exit).")
    int tapEvery;

    @Option(names = "--single-address", description = "Put every host on 127.0.0.1, told apart by port (the"
            + " fallback used automatically where 127.0.0.2 is not available).")
    boolean singleAddress;

    @Option(names = "--renew-certs", description = "Make new lab certificates even if the work directory has valid ones.")
    boolean renewCerts;

    private final PrintStream out;
    private final PrintStream err;
    private final long t0 = System.nanoTime();
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    LabMain(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
        System.exit(commandLine(out, err).execute(args));
    }

    /** The command line, printing to {@code out} and {@code err}; {@code execute} returns the exit code. */
    static CommandLine commandLine(PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new LabMain(out, err));
        cl.setOut(new java.io.PrintWriter(out, true));
        cl.setErr(new java.io.PrintWriter(err, true));
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("tinynet-lab: " + ex.getMessage() + " (see --help)");
            return 2;
        });
        return cl;
    }

    /** Version from the jar manifest. */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = LabMain.class.getPackage().getImplementationVersion();
            return new String[] {"tinynet-lab " + (v != null ? v : "dev")};
        }
    }

    @Override
    public Integer call() throws Exception {
        if (tapEvery < 0) {
            err.println("tinynet-lab: --tap-every must be positive (see --help)");
            return 2;
        }
        if (freePorts && realPorts) {
            err.println("tinynet-lab: --free-ports and --real-ports exclude each other (see --help)");
            return 2;
        }
        if (tapEvery > 0 && !tap) {
            err.println("tinynet-lab: --tap-every needs --tap (see --help)");
            return 2;
        }
        Path libraryLog = work.resolve("logs").resolve("lab.log");
        try {
            if (!LibraryLogging.toFile(libraryLog)) {
                libraryLog = null;
            }
        } catch (IOException e) {
            err.println("tinynet-lab: cannot write " + libraryLog + ": " + e.getMessage());
            return 1;
        }
        out.println("TinyNet lab: starting" + (noTls ? " WITHOUT TLS (--no-tls: the tunnels are bypassed)" : "")
                + (tap ? ", with taps on every hop" : ""));
        Lab.Builder b = Lab.builder()
                .work(work)
                .tap(tap)
                .noTls(noTls)
                .renewCertificates(renewCerts)
                .progress(line -> out.printf("  [%5.1f s] %s%n", (System.nanoTime() - t0) / 1e9, line))
                .events(line -> out.println(LocalTime.now().format(CLOCK) + " ! " + line));
        b.portOffset(realPorts ? 0 : portOffset);
        if (freePorts) {
            b.freePorts();
        }
        if (singleAddress) {
            b.addresses(LabAddresses.singleAddress());
        }
        // installed before the start, so that Ctrl-C or SIGTERM during the start still cleans up
        AtomicReference<Lab> running = new AtomicReference<>();
        CountDownLatch startFinished = new CountDownLatch(1);
        CountDownLatch stopped = new CountDownLatch(1);
        CountDownLatch stopRequested = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            stopRequested.countDown();
            try {
                startFinished.await(2, TimeUnit.MINUTES);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Lab l = running.get();
            if (l != null) {
                shutdown(l);
            }
            stopped.countDown();
        }, "lab-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        Lab lab;
        try {
            lab = b.start();
            running.set(lab);
        } catch (LabException e) {
            err.println("tinynet-lab: " + e.getMessage());
            return 1;
        } finally {
            startFinished.countDown();
        }
        if (stopRequested.getCount() == 0) {
            stopped.await(); // stopped while starting: the hook cleans up
            return 0;
        }

        out.println();
        out.printf("Lab ready in %.1f s (%s).%n%n", (System.nanoTime() - t0) / 1e9,
                lab.tls() ? "TLS between hosts" : "NO TLS: everything crosses the hops in clear text");
        out.print(LabReport.table(lab));
        out.println();
        Lab.User u = lab.demoUser();
        out.println("Demo user: " + u.dn() + "  mail " + u.email() + "  login " + u.login() + "  password "
                + u.password());
        out.println("Try it (each command is one line):");
        out.print(LabReport.commandsText(lab));
        out.println();
        if (lab.tls()) {
            out.println("Effective tunnel configurations: " + lab.workDirectory().resolve("conf")
                    + " (what runs; tunnel.jar and stunnel4 read them too)");
        }
        out.println("Tunnel logs (stunnel format): " + lab.workDirectory().resolve("logs")
                + (libraryLog != null ? "; the servers' own warnings: " + libraryLog.toAbsolutePath().normalize() : ""));
        if (lab.tapEnabled()) {
            out.println("Taps save every connection to " + lab.tapDirectory()
                    + ". Press Enter for the tap summary" + (tapEvery > 0 ? " (also every " + tapEvery + " s)" : "")
                    + "; it is printed at exit too.");
        }
        out.println("Stop with Ctrl-C.");
        writeStatus(lab, "running");

        ScheduledExecutorService timer = null;
        if (lab.tapEnabled()) {
            Thread reader = new Thread(() -> readEnter(lab, stopRequested), "lab-stdin");
            reader.setDaemon(true);
            reader.start();
            if (tapEvery > 0) {
                timer = Executors.newSingleThreadScheduledExecutor(r -> {
                    Thread t = new Thread(r, "lab-tap-timer");
                    t.setDaemon(true);
                    return t;
                });
                timer.scheduleAtFixedRate(() -> printTaps(lab, "every " + tapEvery + " s"), tapEvery, tapEvery,
                        TimeUnit.SECONDS);
            }
        }
        stopped.await();
        if (timer != null) {
            timer.shutdownNow();
        }
        return 0;
    }

    private void readEnter(Lab lab, CountDownLatch stopRequested) {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        try {
            while (in.readLine() != null) {
                if (stopRequested.getCount() == 0) {
                    return;
                }
                printTaps(lab, "on request");
            }
        } catch (IOException e) {
            // no console: summaries come at exit (and with --tap-every)
        }
    }

    private synchronized void printTaps(Lab lab, String why) {
        try {
            var summaries = lab.tapSummaries();
            out.println();
            out.println("--- tap summary (" + why + ", " + LocalTime.now().format(CLOCK) + ") ---");
            out.print(LabReport.taps(summaries));
            writeStatus(lab, "running", summaries);
        } catch (RuntimeException e) {
            out.println("tap summary failed: " + e);
        }
    }

    private synchronized void shutdown(Lab lab) {
        out.println();
        out.println("Stopping the lab ...");
        List<edu.tinynet.lab.tap.TapSummary> summaries = List.of();
        // the secrets include the messages in MailHost's mailboxes: collect them while it runs
        var secrets = lab.secrets();
        lab.close();
        if (lab.tapEnabled()) {
            // after close every connection has ended, so the counts are final
            summaries = lab.tapSummaries(secrets);
            out.println("--- tap summary (at exit) ---");
            out.print(LabReport.taps(summaries));
        }
        writeStatus(lab, "stopped", summaries);
        out.println("TinyNet lab stopped.");
        out.flush();
    }

    private void writeStatus(Lab lab, String state) {
        writeStatus(lab, state, lab.tapEnabled() ? lab.tapSummaries() : List.of());
    }

    private void writeStatus(Lab lab, String state, List<edu.tinynet.lab.tap.TapSummary> summaries) {
        if (statusFile == null) {
            return;
        }
        try {
            Path abs = statusFile.toAbsolutePath();
            if (abs.getParent() != null) {
                Files.createDirectories(abs.getParent());
            }
            Path tmp = abs.resolveSibling(abs.getFileName() + ".tmp");
            Files.writeString(tmp, LabReport.statusJson(lab, summaries, state), StandardCharsets.UTF_8);
            Files.move(tmp, abs, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            err.println("tinynet-lab: cannot write the status file " + statusFile + ": " + e.getMessage());
        }
    }
}
