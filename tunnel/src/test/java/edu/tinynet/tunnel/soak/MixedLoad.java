package edu.tinynet.tunnel.soak;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A churning mixed load against an echo service: {@code slots} threads, each opening one connection
 * after another until the time is up, so about {@code slots} connections are open at once. Each
 * connection is one of:
 * <ul>
 *   <li>exchange (55 %): 1-4 payloads of random bytes, 100 B - 256 KiB (log-uniform), each echoed
 *       and its SHA-256 compared; then a plain close;</li>
 *   <li>idle (25 %): a small exchange, nothing for up to {@code maxIdle}, another exchange, close;</li>
 *   <li>half-close (14 %): a payload, shutdownOutput while part of the echo is still in flight, the
 *       rest of the echo (SHA-256 checked), then EOF must follow;</li>
 *   <li>reset (6 %): a payload, part of the echo, then close with SO_LINGER 0 (a TCP reset).</li>
 * </ul>
 * Writes and reads interleave with at most 64 KiB unanswered, so no buffer along the way has to
 * hold a whole payload. A wrong digest, a short echo or extra bytes are data errors; any other
 * I/O failure on a connection that was not reset on purpose is a failure.
 */
final class MixedLoad {

    private static final int CHUNK = 16 * 1024;
    private static final int WINDOW = 64 * 1024;
    private static final int MIN_PAYLOAD = 100;
    private static final int MAX_PAYLOAD = 256 * 1024;
    private static final int READ_TIMEOUT_MS = 120_000;

    /** A payload came back wrong. */
    static final class DataError extends Exception {
        private static final long serialVersionUID = 1L;

        DataError(String message) {
            super(message);
        }
    }

    /** Counts, read when the run is over. */
    static final class Stats {
        final AtomicLong connections = new AtomicLong();
        final AtomicLong exchanges = new AtomicLong();
        final AtomicLong bytes = new AtomicLong();
        final AtomicLong idle = new AtomicLong();
        final AtomicLong halfClosed = new AtomicLong();
        final AtomicLong resets = new AtomicLong();
        final AtomicLong dataErrors = new AtomicLong();
        final AtomicLong failures = new AtomicLong();
        final AtomicInteger open = new AtomicInteger();
        final AtomicInteger peakOpen = new AtomicInteger();
        final List<String> problems = Collections.synchronizedList(new ArrayList<>());
        volatile double meanOpen;
        volatile long elapsedMillis;

        void problem(String what) {
            synchronized (problems) {
                if (problems.size() < 20) {
                    problems.add(what);
                }
            }
        }

        @Override
        public String toString() {
            return String.format("%d connections in %.0f s (%.1f/s; %d exchange rounds, %d idle-held, %d half-closed, "
                    + "%d reset), %.1f MiB echoed and checked, open connections peak %d mean %.0f; data errors %d, "
                    + "failures %d%s", connections.get(), elapsedMillis / 1000.0,
                    connections.get() * 1000.0 / Math.max(1, elapsedMillis), exchanges.get(), idle.get(),
                    halfClosed.get(), resets.get(), bytes.get() / 1048576.0, peakOpen.get(), meanOpen,
                    dataErrors.get(), failures.get(), problems.isEmpty() ? "" : "; first problems: " + problems);
        }
    }

    private final InetSocketAddress target;
    private final int slots;
    private final Duration duration;
    private final Duration maxIdle;
    private final long seed;
    private final Stats stats = new Stats();

    /**
     * @param target  the client-mode tunnel's plaintext port
     * @param slots   connections open at once (one thread each)
     * @param maxIdle longest idle hold
     */
    MixedLoad(InetSocketAddress target, int slots, Duration duration, Duration maxIdle, long seed) {
        this.target = target;
        this.slots = slots;
        this.duration = duration;
        this.maxIdle = maxIdle;
        this.seed = seed;
    }

    /** Runs the load for the duration and waits for every slot's last connection to end. */
    Stats run() throws InterruptedException {
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long ramp = Math.min(Duration.ofSeconds(10).toNanos(), duration.toNanos() / 5);
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < slots; i++) {
            int slot = i;
            long startAt = start + ramp * i / slots;
            Thread t = new Thread(null, () -> slot(slot, startAt, deadline), "soak-load-" + i, 256 * 1024);
            t.setDaemon(true);
            threads.add(t);
            t.start();
        }
        Thread sampler = new Thread(() -> sample(start + ramp, deadline), "soak-sampler");
        sampler.setDaemon(true);
        sampler.start();
        for (Thread t : threads) {
            t.join(Duration.ofNanos(Math.max(0, deadline - System.nanoTime())).toMillis() + READ_TIMEOUT_MS + 30_000);
            if (t.isAlive()) {
                stats.failures.incrementAndGet();
                stats.problem(t.getName() + " still running long after the end");
                t.interrupt();
            }
        }
        sampler.join(5_000);
        stats.elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        return stats;
    }

    private void sample(long from, long until) {
        long sum = 0;
        long n = 0;
        try {
            while (System.nanoTime() < from) {
                Thread.sleep(200);
            }
            while (System.nanoTime() < until) {
                sum += stats.open.get();
                n++;
                stats.meanOpen = (double) sum / n;
                Thread.sleep(500);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void slot(int slot, long startAt, long deadline) {
        SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + slot);
        try {
            long wait = startAt - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            while (System.nanoTime() < deadline) {
                try {
                    connection(rnd, deadline);
                } catch (DataError e) {
                    stats.dataErrors.incrementAndGet();
                    stats.problem("data: " + e.getMessage());
                } catch (IOException e) {
                    stats.failures.incrementAndGet();
                    stats.problem(e.toString());
                    Thread.sleep(100); // do not spin on a refused port
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void connection(SplittableRandom rnd, long deadline) throws IOException, DataError, InterruptedException {
        int kind = rnd.nextInt(100);
        stats.connections.incrementAndGet();
        Socket s = new Socket();
        try {
            s.setSoTimeout(READ_TIMEOUT_MS);
            s.connect(target, 30_000);
            int now = stats.open.incrementAndGet();
            stats.peakOpen.accumulateAndGet(now, Math::max);
            try {
                if (kind < 55) {
                    int rounds = 1 + rnd.nextInt(4);
                    for (int i = 0; i < rounds; i++) {
                        exchange(s, payload(rnd, size(rnd)), false);
                    }
                } else if (kind < 80) {
                    stats.idle.incrementAndGet();
                    exchange(s, payload(rnd, MIN_PAYLOAD + rnd.nextInt(2000)), false);
                    long idleMs = 500 + rnd.nextLong(Math.max(1, maxIdle.toMillis() - 500));
                    long left = (deadline - System.nanoTime()) / 1_000_000;
                    Thread.sleep(Math.max(0, Math.min(idleMs, left + 1000)));
                    exchange(s, payload(rnd, size(rnd)), false);
                } else if (kind < 94) {
                    stats.halfClosed.incrementAndGet();
                    exchange(s, payload(rnd, size(rnd)), true);
                } else {
                    stats.resets.incrementAndGet();
                    byte[] data = payload(rnd, size(rnd));
                    OutputStream out = s.getOutputStream();
                    int half = Math.max(1, data.length / 2);
                    out.write(data, 0, half);
                    s.getInputStream().read(new byte[CHUNK]); // part of the echo: the relay is in the middle of it
                    s.setSoLinger(true, 0);
                }
            } finally {
                stats.open.decrementAndGet();
            }
        } finally {
            s.close();
        }
    }

    /** Log-uniform between 100 B and 256 KiB: most payloads small, some large. */
    private static int size(SplittableRandom rnd) {
        return (int) Math.min(MAX_PAYLOAD, Math.round(MIN_PAYLOAD * Math.pow((double) MAX_PAYLOAD / MIN_PAYLOAD,
                rnd.nextDouble())));
    }

    private static byte[] payload(SplittableRandom rnd, int size) {
        byte[] b = new byte[size];
        rnd.nextBytes(b);
        return b;
    }

    /** Sends {@code data}, reads its echo, compares SHA-256; with {@code halfClose}, shuts output first and expects EOF after. */
    private void exchange(Socket s, byte[] data, boolean halfClose) throws IOException, DataError {
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        MessageDigest received = sha256();
        byte[] buf = new byte[CHUNK];
        int written = 0;
        int read = 0;
        while (written < data.length) {
            int n = Math.min(CHUNK, data.length - written);
            out.write(data, written, n);
            written += n;
            while (written - read > WINDOW) {
                read += readSome(in, buf, data.length - read, received, read, data.length);
            }
        }
        if (halfClose) {
            s.shutdownOutput();
        }
        while (read < data.length) {
            read += readSome(in, buf, data.length - read, received, read, data.length);
        }
        if (halfClose) {
            int extra = in.read();
            if (extra != -1) {
                throw new DataError("half-close: a byte after the " + data.length + "-byte echo instead of EOF");
            }
        }
        if (!Arrays.equals(received.digest(), sha256().digest(data))) {
            throw new DataError("SHA-256 of the " + data.length + "-byte echo differs from what was sent");
        }
        stats.exchanges.incrementAndGet();
        stats.bytes.addAndGet(data.length);
    }

    private static int readSome(InputStream in, byte[] buf, int max, MessageDigest md, int read, int total)
            throws IOException, DataError {
        int n = in.read(buf, 0, Math.min(buf.length, max));
        if (n < 0) {
            throw new DataError("EOF after " + read + " of " + total + " echoed bytes");
        }
        md.update(buf, 0, n);
        return n;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
