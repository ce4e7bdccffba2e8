package edu.tinynet.lab.compose;

import static org.junit.jupiter.api.Assertions.fail;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.model.AccessMode;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Capability;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.Volume;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.ComposeContainer;
import org.testcontainers.containers.ContainerState;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.startupcheck.StartupCheckStrategy;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * The compose lab of {@code compose/compose.yaml}, brought up once for all compose tests with the
 * images {@code compose/build-images.sh} builds (in the test run, from the jars just packaged): the
 * same file, images and configurations a user runs, with its own project name, free host ports and
 * a lab subnet no other Docker network uses, so it can run beside a user's lab.
 * {@link #close()} is {@code docker compose down -v}: containers, networks and the PKI volume go.
 */
final class LiveLab implements AutoCloseable {

    static final String IMAGE = "tinynet/lab-host:latest";
    static final String CAPTURE_IMAGE = "tinynet/capture:latest";
    static final List<String> HOSTS = List.of("ldaphost", "mailhost", "gateway", "webserver");
    /** The Gateway's relay password in the test lab (a secret the capture must never see). */
    static final String RELAY_PASSWORD = "it-relay-" + Long.toHexString(new java.security.SecureRandom().nextLong());

    final Path root;
    final Path composeFile;
    final String subnet;
    final int ldapPort;
    final int imapPort;
    final int smtpPort;
    final Map<String, String> env;
    final Duration imageBuild;
    final Duration upToHealthy;
    final boolean captureImage;
    private final ComposeContainer compose;
    private final String project;
    private final DockerClient docker;

    private LiveLab(Path root, String subnet, int[] ports, Map<String, String> env, Duration imageBuild,
            Duration upToHealthy, boolean captureImage, ComposeContainer compose, String project) {
        this.root = root;
        this.composeFile = root.resolve("compose/compose.yaml");
        this.subnet = subnet;
        this.ldapPort = ports[0];
        this.imapPort = ports[1];
        this.smtpPort = ports[2];
        this.env = env;
        this.imageBuild = imageBuild;
        this.upToHealthy = upToHealthy;
        this.captureImage = captureImage;
        this.compose = compose;
        this.project = project;
        this.docker = DockerClientFactory.instance().client();
    }

    /** Builds the images, picks ports and a subnet, runs {@code docker compose up}, waits for four healthy hosts. */
    static LiveLab start() throws IOException {
        Path root = repositoryRoot();
        long t0 = System.nanoTime();
        Commands.Result build = Commands.run(root, Map.of(), null, Duration.ofMinutes(15),
                List.of(root.resolve("compose/build-images.sh").toString()));
        if (!build.ok()) {
            fail("compose/build-images.sh failed:\n" + build.describe());
        }
        Duration imageBuild = Duration.ofNanos(System.nanoTime() - t0);
        boolean captureImage = imageExists(CAPTURE_IMAGE);

        int[] ports = {freePort(), freePort(), freePort()};
        String subnet = System.getProperty("tinynet.test.subnet", freeSubnet());
        Map<String, String> env = new LinkedHashMap<>();
        env.put("TINYNET_SUBNET", subnet);
        env.put("TINYNET_LDAP_PORT", String.valueOf(ports[0]));
        env.put("TINYNET_IMAP_PORT", String.valueOf(ports[1]));
        env.put("TINYNET_SMTP_PORT", String.valueOf(ports[2]));
        env.put("TINYNET_IMAGE", IMAGE);
        env.put("TINYNET_RELAY_PASSWORD", RELAY_PASSWORD);
        env.put("TINYNET_BRIDGE", "tnit" + Long.toHexString(System.nanoTime() & 0xffffffL)); // beside a user's tinynet0

        ComposeContainer compose = new ComposeContainer("tinynet-it-", List.of(root.resolve("compose/compose.yaml").toFile()))
                .withPull(false)
                .withEnv(env)
                .withStartupTimeout(Duration.ofMinutes(5));
        for (String h : HOSTS) {
            compose.waitingFor(h, Wait.forHealthcheck().withStartupTimeout(Duration.ofMinutes(5)));
        }
        long t1 = System.nanoTime();
        try {
            compose.start();
        } catch (RuntimeException e) {
            String logs = composeLogsAfterFailure(root, env);
            try {
                compose.stop();
            } catch (RuntimeException ignored) {
                // down -v is best effort after a failed up
            }
            throw new AssertionError("docker compose up did not bring four healthy hosts (subnet " + subnet + "): "
                    + e.getMessage() + "\n" + logs, e);
        }
        Duration up = Duration.ofNanos(System.nanoTime() - t1);
        String project = compose.getContainerByServiceName("webserver").orElseThrow()
                .getContainerInfo().getConfig().getLabels().get("com.docker.compose.project");
        LiveLab lab = new LiveLab(root, subnet, ports, env, imageBuild, up, captureImage, compose, project);
        System.out.printf("compose lab %s: images built in %d s, up to four healthy hosts in %d s; subnet %s,"
                + " host ports ldap %d imap %d smtp %d%n", project, imageBuild.toSeconds(), up.toSeconds(), subnet,
                ports[0], ports[1], ports[2]);
        return lab;
    }

    private static String composeLogsAfterFailure(Path root, Map<String, String> env) {
        // the project name is random and unknown here; list what compose knows about
        Commands.Result ps = Commands.run(root, env, null, Duration.ofSeconds(30),
                List.of("docker", "ps", "-a", "--filter", "label=com.docker.compose.service", "--format",
                        "{{.Names}} {{.Status}}"));
        StringBuilder sb = new StringBuilder(ps.output());
        for (String line : ps.output().split("\n")) {
            String name = line.split(" ")[0];
            if (name.startsWith("tinynet-it-")) {
                sb.append("--- ").append(name).append('\n')
                        .append(Commands.run(Duration.ofSeconds(30), "docker", "logs", "--tail", "40", name).output());
            }
        }
        return sb.toString();
    }

    // ------------------------------------------------------------------ facts

    String project() {
        return project;
    }

    /** The lab network's Docker name. */
    String labNetwork() {
        return project + "_tinynet";
    }

    /** The PKI volume's Docker name. */
    String pkiVolume() {
        return project + "_pki";
    }

    /** The Linux bridge of the lab network on this machine ({@code br-} + the network id's first 12 characters). */
    String bridgeInterface() {
        Network n = docker.inspectNetworkCmd().withNetworkId(labNetwork()).exec();
        String name = n.getOptions() == null ? null : n.getOptions().get("com.docker.network.bridge.name");
        return name != null ? name : "br-" + n.getId().substring(0, 12);
    }

    ContainerState container(String service) {
        return compose.getContainerByServiceName(service)
                .orElseThrow(() -> new IllegalArgumentException("no compose service " + service));
    }

    String containerId(String service) {
        return container(service).getContainerId();
    }

    /** Everything the service's container has logged so far (stdout and stderr). */
    String logs(String service) {
        return Commands.run(Duration.ofSeconds(60), "docker", "logs", containerId(service)).output();
    }

    /** The address of a service's container on the lab network. */
    String labAddress(String service) {
        InspectContainerResponse info = docker.inspectContainerCmd(containerId(service)).exec();
        return info.getNetworkSettings().getNetworks().get(labNetwork()).getIpAddress();
    }

    /** {@code docker compose ARGS} for this project (same file, same environment). */
    Commands.Result compose(Duration limit, String... args) {
        List<String> cmd = new ArrayList<>(List.of("docker", "compose", "-f", composeFile.toString(), "-p", project));
        cmd.addAll(List.of(args));
        return Commands.run(root, env, null, limit, cmd);
    }

    /** Waits until the service's health check reports healthy. */
    void awaitHealthy(String service, Duration limit) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        String status = "?";
        while (System.nanoTime() < deadline) {
            InspectContainerResponse.ContainerState s = docker.inspectContainerCmd(containerId(service)).exec().getState();
            status = s.getHealth() == null ? "no health check" : s.getHealth().getStatus();
            if ("healthy".equals(status)) {
                return;
            }
            Thread.sleep(500);
        }
        fail(service + " not healthy within " + limit.toSeconds() + " s (last status: " + status + ")\n" + logs(service));
    }

    String healthStatus(String service) {
        InspectContainerResponse.ContainerState s = docker.inspectContainerCmd(containerId(service)).exec().getState();
        return s.getHealth() == null ? "none" : s.getHealth().getStatus();
    }

    DockerClient docker() {
        return docker;
    }

    // ------------------------------------------------------------------ a container on the lab network

    /** What a one-shot container printed, and how it ended. */
    record Run(long exitCode, String output) {
    }

    /**
     * Runs the lab image with {@code args} (a {@code host} subcommand) in a new container on the lab
     * network, the PKI volume mounted read-only at /pki, until it exits; then removes it.
     */
    Run onLabNetwork(Duration limit, String... args) {
        try (GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(IMAGE))
                .withNetworkMode(labNetwork())
                .withCommand(args)
                .withCreateContainerCmdModifier(cmd -> Objects.requireNonNull(cmd.getHostConfig())
                        .withBinds(new Bind(pkiVolume(), new Volume("/pki"), AccessMode.ro))
                        .withCapDrop(Capability.ALL))
                .withStartupCheckStrategy(new UntilExited().withTimeout(limit))) {
            c.start();
            long code = docker.inspectContainerCmd(c.getContainerId()).exec().getState().getExitCodeLong();
            return new Run(code, c.getLogs());
        }
    }

    /** Start-up is done when the container has exited, whatever its exit code. */
    private static final class UntilExited extends StartupCheckStrategy {
        @Override
        public StartupStatus checkStartupState(DockerClient client, String id) {
            InspectContainerResponse.ContainerState s = getCurrentState(client, id);
            return Boolean.TRUE.equals(s.getRunning()) ? StartupStatus.NOT_YET_KNOWN : StartupStatus.SUCCESSFUL;
        }
    }

    // ------------------------------------------------------------------ capture on the lab bridge

    /** tcpdump (the capture image) on the lab network's bridge, from the host's network namespace. */
    final class Capture implements AutoCloseable {
        private final GenericContainer<?> container;

        private Capture(GenericContainer<?> container) {
            this.container = container;
        }

        /** Stops tcpdump (SIGINT, so it flushes) and returns the pcap file it wrote. */
        byte[] stop() throws InterruptedException {
            String id = container.getContainerId();
            docker.killContainerCmd(id).withSignal("INT").exec();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (Boolean.TRUE.equals(docker.inspectContainerCmd(id).exec().getState().getRunning())) {
                if (System.nanoTime() > deadline) {
                    fail("tcpdump did not stop on SIGINT:\n" + container.getLogs());
                }
                Thread.sleep(100);
            }
            return container.copyFileFromContainer("/capture/lab.pcap", java.io.InputStream::readAllBytes);
        }

        String log() {
            return container.getLogs();
        }

        @Override
        public void close() {
            container.stop();
        }
    }

    /** Starts capturing every frame on the lab bridge; returns when tcpdump listens. */
    Capture capture() {
        GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(CAPTURE_IMAGE))
                .withNetworkMode("host")
                .withCommand("-i", bridgeInterface(), "-n", "-U", "-s", "0", "-w", "/capture/lab.pcap")
                .withCreateContainerCmdModifier(cmd -> Objects.requireNonNull(cmd.getHostConfig())
                        .withCapAdd(Capability.NET_RAW, Capability.NET_ADMIN))
                .waitingFor(Wait.forLogMessage(".*listening on.*\\n", 1).withStartupTimeout(Duration.ofSeconds(60)));
        c.start();
        return new Capture(c);
    }

    // ------------------------------------------------------------------ the host's tools

    /** {@code ldapsearch} against WebServer's published LDAP port, simple bind as {@code dn}. */
    Commands.Result ldapsearch(String dn, String password, String filter, String... attributes) {
        List<String> cmd = new ArrayList<>(List.of("ldapsearch", "-LLL", "-x", "-o", "nettimeout=20",
                "-H", "ldap://127.0.0.1:" + ldapPort, "-D", dn, "-w", password, "-b", "ou=people,o=tinynet.edu", filter));
        cmd.addAll(List.of(attributes));
        return Commands.run(null, Map.of(), null, Duration.ofSeconds(60), cmd);
    }

    /** {@code curl} with {@code args}, 60 s at most. */
    Commands.Result curl(byte[] stdin, String... args) {
        List<String> cmd = new ArrayList<>(List.of("curl", "-sS", "--max-time", "30"));
        cmd.addAll(List.of(args));
        return Commands.run(null, Map.of(), stdin, Duration.ofSeconds(60), cmd);
    }

    // ------------------------------------------------------------------ lifecycle

    /** {@code docker compose down -v}. */
    @Override
    public void close() {
        compose.stop();
    }

    // ------------------------------------------------------------------ helpers

    static Path repositoryRoot() {
        Path p = Path.of("").toAbsolutePath();
        while (p != null && !Files.exists(p.resolve("compose/compose.yaml"))) {
            p = p.getParent();
        }
        if (p == null) {
            throw new IllegalStateException("compose/compose.yaml not found above " + Path.of("").toAbsolutePath());
        }
        return p;
    }

    static boolean imageExists(String image) {
        return Commands.run(Duration.ofSeconds(30), "docker", "image", "inspect", image).ok();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** A /24 in 172.16.57.0-172.16.250.0 that no Docker network on this machine overlaps. */
    private static String freeSubnet() {
        List<String> used = new ArrayList<>();
        for (Network n : DockerClientFactory.instance().client().listNetworksCmd().exec()) {
            if (n.getIpam() != null && n.getIpam().getConfig() != null) {
                n.getIpam().getConfig().forEach(c -> {
                    if (c.getSubnet() != null) {
                        used.add(c.getSubnet());
                    }
                });
            }
        }
        for (int third = 57; third <= 250; third++) {
            String candidate = "172.16." + third + ".0/24";
            if (used.stream().noneMatch(u -> overlaps(u, candidate))) {
                return candidate;
            }
        }
        throw new IllegalStateException("no free /24 in 172.16.57-250.0: Docker networks use " + used);
    }

    static boolean overlaps(String a, String b) {
        long[] ra = range(a);
        long[] rb = range(b);
        return ra != null && rb != null && ra[0] <= rb[1] && rb[0] <= ra[1];
    }

    private static long[] range(String cidr) {
        String[] parts = cidr.split("/");
        String[] o = parts[0].split("\\.");
        if (o.length != 4 || parts.length != 2) {
            return null; // IPv6: no clash with an IPv4 subnet
        }
        long ip = 0;
        for (String s : o) {
            ip = (ip << 8) | Long.parseLong(s);
        }
        int bits = Integer.parseInt(parts[1]);
        long size = 1L << (32 - bits);
        long start = ip & ~(size - 1) & 0xffffffffL;
        return new long[] {start, start + size - 1};
    }
}
