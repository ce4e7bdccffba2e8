package edu.tinynet.lab.compose;

import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ConditionEvaluationResult;
import org.junit.jupiter.api.extension.ExecutionCondition;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.slf4j.LoggerFactory;

/**
 * JUnit 5 extension that gives compose tests the {@link LiveLab}: one lab for the whole test run,
 * started by the first class that asks and taken down ({@code docker compose down -v}) when the
 * run ends. Tests take it as a {@code LiveLab} parameter.
 *
 * <p>Without a working Docker engine with Compose v2 the tests are skipped, with one line saying
 * how to enable them; with {@code CI=true} a missing or broken Docker fails them instead.
 */
public final class ComposeLab implements ExecutionCondition, BeforeAllCallback, ParameterResolver {

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(ComposeLab.class);
    static final String ENABLE_HINT = "compose lab tests skipped: Docker with Compose v2 is not available here"
            + " (run scripts/install-docker.sh, or start dockerd; CI=true makes this a failure)";

    static {
        quietLibraries();
    }

    /** Holds the lab, or why there is none. */
    private static final class Holder implements AutoCloseable {
        final LiveLab lab;
        final String unavailable;
        final RuntimeException startFailure;
        final Error startError;

        Holder(LiveLab lab, String unavailable, RuntimeException startFailure, Error startError) {
            this.lab = lab;
            this.unavailable = unavailable;
            this.startFailure = startFailure;
            this.startError = startError;
        }

        @Override
        public void close() {
            if (lab != null) {
                lab.close();
            }
        }
    }

    /** Outside CI, without Docker: the tests are skipped (reported as such), with the hint printed once. */
    @Override
    public ConditionEvaluationResult evaluateExecutionCondition(ExtensionContext context) {
        String why = context.getRoot().getStore(NS).getOrComputeIfAbsent("docker", k -> new DockerCheck(),
                DockerCheck.class).problem;
        if (why != null && !isCi()) {
            return ConditionEvaluationResult.disabled(ENABLE_HINT);
        }
        return ConditionEvaluationResult.enabled("Docker with Compose v2 is available" + (why != null ? " (CI)" : ""));
    }

    /** {@link #dockerProblem()}, once per run, with the one line it prints. */
    private static final class DockerCheck {
        final String problem = dockerProblem();

        DockerCheck() {
            if (problem != null) {
                System.err.println(isCi() ? "compose lab: CI=true and " + problem : ENABLE_HINT + " [" + problem + "]");
            }
        }
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        Holder h = context.getRoot().getStore(NS).getOrComputeIfAbsent("lab", k -> create(), Holder.class);
        if (h.unavailable != null) {
            if (isCi()) {
                throw new AssertionError("CI=true and " + h.unavailable);
            }
            Assumptions.abort(ENABLE_HINT);
        }
        if (h.startError != null) {
            throw h.startError;
        }
        if (h.startFailure != null) {
            throw h.startFailure;
        }
    }

    @Override
    public boolean supportsParameter(ParameterContext p, ExtensionContext e) {
        return p.getParameter().getType() == LiveLab.class;
    }

    @Override
    public Object resolveParameter(ParameterContext p, ExtensionContext e) {
        return e.getRoot().getStore(NS).get("lab", Holder.class).lab;
    }

    static boolean isCi() {
        return "true".equalsIgnoreCase(System.getenv("CI"));
    }

    private static Holder create() {
        if (!"true".equalsIgnoreCase(System.getenv("TESTCONTAINERS_RYUK_DISABLED"))) {
            // Testcontainers would try to pull its Ryuk image and wait minutes for a registry
            return new Holder(null, null, new IllegalStateException("TESTCONTAINERS_RYUK_DISABLED=true is not set:"
                    + " run these tests through Maven (it/pom.xml sets it for surefire and failsafe) or export it;"
                    + " the compose lab cleans up after itself with docker compose down -v"), null);
        }
        String why = dockerProblem();
        if (why != null) {
            return new Holder(null, why, null, null);
        }
        try {
            return new Holder(LiveLab.start(), null, null, null);
        } catch (RuntimeException e) {
            return new Holder(null, null, e, null);
        } catch (Error e) {
            return new Holder(null, null, null, e);
        } catch (java.io.IOException e) {
            return new Holder(null, null, new java.io.UncheckedIOException(e), null);
        }
    }

    /** Null when {@code docker info} and {@code docker compose version} work; else what is wrong. */
    static String dockerProblem() {
        if (!Commands.onPath("docker")) {
            return "no docker command on the PATH";
        }
        Commands.Result info = Commands.run(Duration.ofSeconds(30), "docker", "info", "--format", "{{.ServerVersion}}");
        if (!info.ok()) {
            return "the Docker engine does not answer (docker info: " + info.output().strip() + ")";
        }
        Commands.Result compose = Commands.run(Duration.ofSeconds(30), "docker", "compose", "version", "--short");
        if (!compose.ok()) {
            return "Docker Compose v2 is missing (docker compose version: " + compose.output().strip() + ")";
        }
        return null;
    }

    /** Testcontainers and docker-java log at DEBUG under logback's default configuration. */
    private static void quietLibraries() {
        if (LoggerFactory.getILoggerFactory() instanceof ch.qos.logback.classic.LoggerContext ctx) {
            for (String name : new String[] {"org.testcontainers", "tc", "com.github.dockerjava", "org.rnorth"}) {
                if (ctx.exists(name) == null || ctx.getLogger(name).getLevel() == null) {
                    ctx.getLogger(name).setLevel(ch.qos.logback.classic.Level.WARN);
                }
            }
        }
    }
}
