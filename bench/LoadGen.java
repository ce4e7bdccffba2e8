import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Load generator and backend for bench/run.sh. Plain JDK, no project code, so it measures our tunnel
 * and stunnel the same way. Loopback only.
 *
 * <pre>
 * LoadGen ports N                         print N free loopback ports
 * LoadGen backend PORT                    the backend: the first byte of a connection picks the mode:
 *                                           'E' echo, 'S' sink (replies with the byte count after EOF),
 *                                           'G' + 8-byte count: send that many bytes, then close
 * LoadGen bulk-up   PORT MIB PIDS IMPL    one stream client to backend; prints RESULT lines
 * LoadGen bulk-down PORT MIB PIDS IMPL    one stream backend to client
 * LoadGen echo      PORT COUNT PIDS IMPL  100-byte round trips over one connection (latency)
 * LoadGen connrate  PORT SECONDS PIDS IMPL  16 clients: connect, 100-byte echo, close
 * LoadGen idle      PORT COUNT PIDS IMPL  hold COUNT idle connections, measure PSS/RSS/threads of PIDS
 * LoadGen report    RESULTS_FILE          table of medians (min-max) and ratio ours/stunnel
 * </pre>
 * PIDS: comma-separated process ids of the two tunnel endpoints (CPU from /proc/PID/stat, memory from
 * /proc/PID/smaps_rollup). Results are printed as "RESULT impl metric value".
 */
public final class LoadGen {

    private static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    private static final int PAYLOAD = 100;
    private static final int CLIENTS = 16;

    private LoadGen() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: see the class comment in bench/LoadGen.java");
            System.exit(2);
        }
        switch (args[0]) {
            case "ports" -> ports(Integer.parseInt(args[1]));
            case "backend" -> backend(Integer.parseInt(args[1]));
            case "bulk-up" -> bulk(true, port(args), Long.parseLong(args[2]), pids(args[3]), args[4]);
            case "bulk-down" -> bulk(false, port(args), Long.parseLong(args[2]), pids(args[3]), args[4]);
            case "echo" -> echo(port(args), Integer.parseInt(args[2]), pids(args[3]), args[4]);
            case "connrate" -> connRate(port(args), Double.parseDouble(args[2]), pids(args[3]), args[4]);
            case "idle" -> idle(port(args), Integer.parseInt(args[2]), pids(args[3]), args[4]);
            case "report" -> report(Path.of(args[1]));
            default -> {
                System.err.println("LoadGen: unknown command " + args[0]);
                System.exit(2);
            }
        }
    }

    private static int port(String[] args) {
        return Integer.parseInt(args[1]);
    }

    private static int[] pids(String list) {
        return Arrays.stream(list.split(",")).mapToInt(Integer::parseInt).toArray();
    }

    private static void result(String impl, String metric, double value) {
        System.out.printf(Locale.ROOT, "RESULT %s %s %.4f%n", impl, metric, value);
    }

    // ---------------------------------------------------------------- ports, backend

    private static void ports(int n) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                ServerSocket s = new ServerSocket(0, 1, LOOPBACK);
                held.add(s);
                System.out.println(s.getLocalPort());
            }
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    private static void backend(int port) throws IOException {
        ServerSocket server = new ServerSocket();
        server.setReuseAddress(true);
        server.bind(new InetSocketAddress(LOOPBACK, port), 4096);
        System.out.println("backend listening on 127.0.0.1:" + port);
        while (true) {
            Socket s = server.accept();
            Thread t = new Thread(null, () -> serve(s), "conn", 256 * 1024);
            t.setDaemon(true);
            t.start();
        }
    }

    private static void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int mode = in.read();
            byte[] buf = new byte[65536];
            switch (mode) {
                case 'E' -> {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        out.write(buf, 0, n);
                    }
                }
                case 'S' -> {
                    long total = 0;
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        total += n;
                    }
                    new DataOutputStream(out).writeLong(total);
                    out.flush();
                }
                case 'G' -> {
                    long left = new DataInputStream(in).readLong();
                    while (left > 0) {
                        int n = (int) Math.min(buf.length, left);
                        out.write(buf, 0, n);
                        left -= n;
                    }
                    s.shutdownOutput();
                    while (in.read(buf) > 0) {
                        // wait for the client's close
                    }
                }
                default -> {
                    // -1 (a port probe) or garbage: just close
                }
            }
        } catch (IOException e) {
            // a client went away; nothing to keep
        }
    }

    // ---------------------------------------------------------------- /proc

    /** utime+stime of all PIDS, in clock ticks (100 per second on Linux x86). */
    private static long cpuTicks(int[] pids) throws IOException {
        long sum = 0;
        for (int pid : pids) {
            String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            sum += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of stat
        }
        return sum;
    }

    private static double cpuSeconds(long ticks) {
        return ticks / 100.0;
    }

    /** kB of "Pss:" or "Rss:" from smaps_rollup, summed over PIDS. */
    private static long memKb(int[] pids, String key) throws IOException {
        long sum = 0;
        for (int pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/smaps_rollup"))) {
                if (line.startsWith(key + ":")) {
                    sum += Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        }
        return sum;
    }

    private static long threads(int[] pids) throws IOException {
        long sum = 0;
        for (int pid : pids) {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("Threads:")) {
                    sum += Long.parseLong(line.substring(8).trim());
                }
            }
        }
        return sum;
    }

    // ---------------------------------------------------------------- workloads

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true);
        s.connect(new InetSocketAddress(LOOPBACK, port), 10_000);
        s.setSoTimeout(60_000);
        return s;
    }

    private static void bulk(boolean up, int port, long mib, int[] pids, String impl) throws IOException {
        long bytes = mib << 20;
        byte[] buf = new byte[65536];
        long cpu0 = cpuTicks(pids);
        long t0 = System.nanoTime();
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            if (up) {
                out.write('S');
                for (long left = bytes; left > 0; left -= buf.length) {
                    out.write(buf, 0, (int) Math.min(buf.length, left));
                }
                s.shutdownOutput();
                long got = new DataInputStream(in).readLong();
                if (got != bytes) {
                    throw new IOException("backend received " + got + " bytes, sent " + bytes);
                }
            } else {
                DataOutputStream d = new DataOutputStream(out);
                d.write('G');
                d.writeLong(bytes);
                d.flush();
                long got = 0;
                int n;
                while ((n = in.read(buf)) > 0) {
                    got += n;
                }
                if (got != bytes) {
                    throw new IOException("received " + got + " bytes, expected " + bytes);
                }
            }
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = cpuSeconds(cpuTicks(pids) - cpu0);
        String dir = up ? "up" : "down";
        result(impl, "bulk_" + dir + "_MBps", bytes / 1e6 / secs);
        result(impl, "cpu_s_per_GB_" + dir, cpu / (bytes / 1e9));
    }

    private static void echo(int port, int count, int[] pids, String impl) throws IOException {
        byte[] msg = new byte[PAYLOAD];
        byte[] back = new byte[PAYLOAD];
        long[] rtt = new long[count];
        try (Socket s = connect(port)) {
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());
            out.write('E');
            int warm = Math.max(200, count / 10);
            for (int i = -warm; i < count; i++) {
                long t = System.nanoTime();
                out.write(msg);
                in.readFully(back);
                if (i >= 0) {
                    rtt[i] = System.nanoTime() - t;
                }
            }
        }
        Arrays.sort(rtt);
        result(impl, "echo_p50_us", rtt[(int) (count * 0.50)] / 1e3);
        result(impl, "echo_p99_us", rtt[(int) (count * 0.99)] / 1e3);
        result(impl, "echo_p99.9_us", rtt[Math.min(count - 1, (int) (count * 0.999))] / 1e3);
    }

    private static void connRate(int port, double seconds, int[] pids, String impl) throws Exception {
        AtomicLong done = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        long cpu0 = cpuTicks(pids);
        long t0 = System.nanoTime();
        long end = t0 + (long) (seconds * 1e9);
        CountDownLatch finished = new CountDownLatch(CLIENTS);
        for (int c = 0; c < CLIENTS; c++) {
            Thread t = new Thread(() -> {
                byte[] msg = new byte[PAYLOAD + 1];
                msg[0] = 'E';
                byte[] back = new byte[PAYLOAD];
                try {
                    while (System.nanoTime() < end) {
                        try (Socket s = connect(port)) {
                            s.getOutputStream().write(msg);
                            new DataInputStream(s.getInputStream()).readFully(back);
                            done.incrementAndGet();
                        } catch (IOException e) {
                            if (failed.incrementAndGet() == 1) {
                                System.err.println("connrate: " + e);
                            }
                        }
                    }
                } finally {
                    finished.countDown();
                }
            });
            t.start();
        }
        finished.await();
        double secs = (System.nanoTime() - t0) / 1e9;
        Thread.sleep(300); // let the endpoints finish closing; their CPU for it counts
        double cpu = cpuSeconds(cpuTicks(pids) - cpu0);
        result(impl, "conn_per_s", done.get() / secs);
        result(impl, "cpu_ms_per_conn", cpu * 1e3 / Math.max(1, done.get()));
        if (failed.get() > 0) {
            result(impl, "conn_failed", failed.get());
        }
    }

    private static void idle(int port, int count, int[] pids, String impl) throws Exception {
        long pss0 = memKb(pids, "Pss");
        long rss0 = memKb(pids, "Rss");
        long thr0 = threads(pids);
        List<Socket> held = new ArrayList<>(count);
        byte[] ping = {'E', 'x'};
        byte[] pong = new byte[1];
        try {
            for (int i = 0; i < count; i++) {
                try {
                    Socket s = connect(port);
                    held.add(s);
                    s.getOutputStream().write(ping); // the whole path is up (TLS handshake done) when it comes back
                    new DataInputStream(s.getInputStream()).readFully(pong);
                } catch (IOException e) {
                    throw new IOException("idle: connection " + (i + 1) + " of " + count + " (" + impl + "): " + e, e);
                }
            }
            Thread.sleep(Long.getLong("idle.hold", 2000));
            long pss1 = memKb(pids, "Pss");
            long rss1 = memKb(pids, "Rss");
            long thr1 = threads(pids);
            String m = count == 1000 ? "idle_" : "idle" + count + "_"; // e.g. idle9800_ when the fd limit caps 10,000
            result(impl, m + "pss_kB_per_conn", (pss1 - pss0) / (double) count);
            result(impl, m + "rss_kB_per_conn", (rss1 - rss0) / (double) count);
            result(impl, m + "pss_MB_total", pss1 / 1024.0);
            result(impl, m + "threads_before", thr0);
            result(impl, m + "threads_held", thr1);
        } finally {
            for (Socket s : held) {
                s.close();
            }
        }
    }

    // ---------------------------------------------------------------- report

    /** metric -> {better: +1 higher, -1 lower, 0 info; target ratio}. */
    private static final Map<String, double[]> METRICS = new LinkedHashMap<>();

    static {
        METRICS.put("bulk_up_MBps", new double[] {+1, 1.2});
        METRICS.put("bulk_down_MBps", new double[] {+1, 1.2});
        METRICS.put("cpu_s_per_GB_up", new double[] {-1, 1.0});
        METRICS.put("cpu_s_per_GB_down", new double[] {-1, 1.0});
        METRICS.put("echo_p50_us", new double[] {0, 0});
        METRICS.put("echo_p99_us", new double[] {-1, 1.1});
        METRICS.put("echo_p99.9_us", new double[] {0, 0});
        METRICS.put("conn_per_s", new double[] {+1, 1.0});
        METRICS.put("cpu_ms_per_conn", new double[] {-1, 1.0});
        METRICS.put("conn_failed", new double[] {0, 0});
        for (String m : new String[] {"idle_", "idle10000_"}) {
            METRICS.put(m + "pss_kB_per_conn", new double[] {-1, 0.5});
            METRICS.put(m + "rss_kB_per_conn", new double[] {0, 0});
            METRICS.put(m + "pss_MB_total", new double[] {0, 0});
            METRICS.put(m + "threads_before", new double[] {0, 0});
            METRICS.put(m + "threads_held", new double[] {0, 0});
        }
        METRICS.put("resumed_pct", new double[] {0, 0});
    }

    private static void report(Path file) throws IOException {
        Map<String, List<Double>> values = new LinkedHashMap<>();
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            String[] f = line.trim().split("\\s+");
            if (f.length == 4 && f[0].equals("RESULT")) {
                values.computeIfAbsent(f[1] + " " + f[2], k -> new ArrayList<>()).add(Double.parseDouble(f[3]));
            }
        }
        System.out.printf("| %-22s | %-26s | %-26s | %-7s | %-8s |%n", "metric", "ours: median (min-max)",
                "stunnel: median (min-max)", "ratio", "target");
        System.out.println("|------------------------|----------------------------|----------------------------|"
                + "---------|----------|");
        int met = 0;
        int targets = 0;
        List<String> summary = new ArrayList<>();
        Map<String, double[]> metrics = new LinkedHashMap<>(METRICS);
        for (String k : values.keySet()) { // a large idle count other than 10,000 (capped by the fd limit)
            String name = k.substring(k.indexOf(' ') + 1);
            if (!metrics.containsKey(name) && name.matches("idle\\d+_.*")) {
                String suffix = name.substring(name.indexOf('_') + 1);
                metrics.put(name, METRICS.get("idle10000_" + suffix));
            }
        }
        for (Map.Entry<String, double[]> m : metrics.entrySet()) {
            List<Double> ours = values.get("ours " + m.getKey());
            List<Double> st = values.get("stunnel " + m.getKey());
            if (ours == null && st == null) {
                continue;
            }
            double better = m.getValue()[0];
            double target = m.getValue()[1];
            String ratio = "";
            String verdict = "";
            if (ours != null && st != null && median(st) != 0) {
                double r = median(ours) / median(st);
                ratio = String.format(Locale.ROOT, "%.2f", r);
                if (better != 0) {
                    targets++;
                    boolean ok = better > 0 ? r >= target : r <= target;
                    met += ok ? 1 : 0;
                    verdict = (better > 0 ? ">=" : "<=") + target + (ok ? " ok" : " MISS");
                    summary.add(m.getKey() + " " + ratio + (ok ? "" : "!"));
                }
            }
            System.out.printf("| %-22s | %-26s | %-26s | %-7s | %-8s |%n", m.getKey(), cell(ours), cell(st), ratio,
                    verdict);
        }
        System.out.println();
        System.out.println("SUMMARY: " + met + "/" + targets + " targets met (ours/stunnel: " + String.join(", ", summary)
                + "; ! = missed)");
    }

    private static String cell(List<Double> v) {
        if (v == null) {
            return "-";
        }
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        return String.format(Locale.ROOT, "%s (%s-%s)", num(median(s)), num(s.get(0)), num(s.get(s.size() - 1)));
    }

    private static String num(double d) {
        double a = Math.abs(d);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", d);
    }

    private static double median(List<Double> v) {
        List<Double> s = new ArrayList<>(v);
        s.sort(null);
        int n = s.size();
        return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
    }
}
