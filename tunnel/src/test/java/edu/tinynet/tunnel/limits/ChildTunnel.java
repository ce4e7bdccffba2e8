package edu.tinynet.tunnel.limits;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.cli.TunnelMain;
import edu.tinynet.tunnel.testing.ExternalTool;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@code tunnel run CONF} in its own JVM (test classpath, the shaded jar does not exist during
 * {@code test}), optionally under a file descriptor limit set with {@code prlimit}, with what these
 * tests need of /proc: CPU time, open descriptors, and changing the limit of the running process.
 */
final class ChildTunnel implements AutoCloseable {

    private static final Pattern BOUND = Pattern.compile("LOG5\\[ui\\]: Service \\[(\\w+)\\] bound to 127\\.0\\.0\\.1:(\\d+)");

    private final ExternalTool tool;
    private final long pid;

    private ChildTunnel(ExternalTool tool, long pid) {
        this.tool = tool;
        this.pid = pid;
    }

    /**
     * Starts {@code tunnel run conf}; with {@code fdLimit > 0} under {@code prlimit --nofile=N:N}
     * (prlimit execs the JVM, so the pid is the JVM's). Waits for "Configuration successful".
     */
    static ChildTunnel start(Path dir, Path conf, int fdLimit) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> cmd = new ArrayList<>();
        if (fdLimit > 0) {
            cmd.addAll(List.of(prlimit(), "--nofile=" + fdLimit + ":" + fdLimit));
        }
        // a small, quiet JVM: the CPU measured is the tunnel's, not a JIT's or a parallel GC's
        cmd.addAll(List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto",
                "-cp", classPath(dir), TunnelMain.class.getName(), "run", conf.toString()));
        ExternalTool tool = ExternalTool.start(dir, cmd);
        Path pidFile = dir.resolve("tunnel.pid");
        ChildTunnel t = null;
        try {
            assertTrue(tool.awaitOutput("LOG5[ui]: Configuration successful", Duration.ofSeconds(30)), tool.output());
            t = new ChildTunnel(tool, Long.parseLong(Files.readString(pidFile).trim()));
            return t;
        } finally {
            if (t == null) {
                tool.close();
            }
        }
    }

    /**
     * The tunnel's classes as one jar (as in the shaded jar) plus the dependency jars. With the
     * classes in a directory, each class loaded late would need a descriptor to open its file, and
     * fail at the limit: a test artefact, since the real tunnel runs from one jar opened at start.
     */
    private static String classPath(Path dir) throws IOException {
        Path classes;
        try {
            classes = Path.of(TunnelMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (java.net.URISyntaxException e) {
            throw new IOException(e);
        }
        List<String> cp = new ArrayList<>();
        if (Files.isDirectory(classes)) {
            Path jar = dir.resolve("tunnel-classes.jar");
            try (java.util.jar.JarOutputStream out = new java.util.jar.JarOutputStream(Files.newOutputStream(jar));
                    Stream<Path> all = Files.walk(classes)) {
                for (Path p : (Iterable<Path>) all.filter(Files::isRegularFile).sorted()::iterator) {
                    out.putNextEntry(new java.util.jar.JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                    Files.copy(p, out);
                    out.closeEntry();
                }
            }
            cp.add(jar.toString());
        } else {
            cp.add(classes.toString());
        }
        for (String e : System.getProperty("java.class.path").split(java.io.File.pathSeparator)) {
            if (e.endsWith(".jar") && !e.equals(classes.toString())) {
                cp.add(e);
            }
        }
        return String.join(java.io.File.pathSeparator, cp);
    }

    static String prlimit() {
        return ExternalTool.find("prlimit").map(Path::toString)
                .orElseThrow(() -> new AssertionError("prlimit (util-linux) is needed"));
    }

    long pid() {
        return pid;
    }

    String output() {
        return tool.output();
    }

    boolean awaitOutput(String needle, Duration within) throws InterruptedException {
        return tool.awaitOutput(needle, within);
    }

    /** How many lines of the output contain {@code needle}. */
    long countLines(String needle) {
        return output().lines().filter(l -> l.contains(needle)).count();
    }

    /** The port a service is bound to, from its "bound to" line. */
    InetSocketAddress address(String service) {
        Matcher m = BOUND.matcher(output());
        while (m.find()) {
            if (m.group(1).equals(service)) {
                return new InetSocketAddress("127.0.0.1", Integer.parseInt(m.group(2)));
            }
        }
        throw new AssertionError("no bound line for " + service + ":\n" + output());
    }

    /** User + system CPU time of the process so far, in clock ticks (USER_HZ, 100 on Linux). */
    long cpuTicks() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5)
    }

    /** The process's open file descriptor numbers. */
    List<Integer> openFds() throws IOException {
        try (Stream<Path> s = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            return s.map(p -> Integer.parseInt(p.getFileName().toString())).sorted().toList();
        }
    }

    /**
     * Sets the running process's descriptor limit so that exactly {@code free} more descriptors can
     * be opened (a new descriptor takes the lowest free number, which must be below the limit).
     */
    void allowOnly(int free) throws Exception {
        List<Integer> open = stableFds();
        int limit = 0;
        int used = 0;
        for (;;) {
            while (used < open.size() && open.get(used) < limit) {
                used++;
            }
            if (limit - used == free) {
                break;
            }
            limit++;
        }
        setSoftLimit(limit);
    }

    /** The open descriptors once they stop changing (sockets of finished connections closed). */
    List<Integer> stableFds() throws Exception {
        List<Integer> last = openFds();
        int same = 0;
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (same < 3 && System.nanoTime() < deadline) {
            Thread.sleep(100);
            List<Integer> now = openFds();
            same = now.equals(last) ? same + 1 : 0;
            last = now;
        }
        return last;
    }

    /** Sets the soft descriptor limit of the running process (the hard one stays: no privilege needed). */
    void setSoftLimit(int limit) throws Exception {
        Process p = new ProcessBuilder(prlimit(), "--pid", Long.toString(pid), "--nofile=" + limit + ":")
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertEquals(0, p.waitFor(), out);
    }

    /** Sends a signal (HUP, TERM, ...). */
    void signal(String name) throws Exception {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).inheritIO().start();
        assertEquals(0, kill.waitFor());
    }

    /** Stops with TERM; returns the exit code. */
    int stop() throws Exception {
        signal("TERM");
        return tool.waitFor(Duration.ofSeconds(20));
    }

    @Override
    public void close() {
        tool.close();
    }
}
