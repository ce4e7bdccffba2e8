package edu.tinynet.tunnel.cli;

import edu.tinynet.tunnel.config.CheckResult;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.ConfigReport;
import edu.tinynet.tunnel.config.Diagnostic;
import edu.tinynet.tunnel.config.ParseOptions;
import edu.tinynet.tunnel.config.ServiceConfig;
import edu.tinynet.tunnel.config.TunnelConfig;
import edu.tinynet.tunnel.relay.ServiceRuntime;
import edu.tinynet.tunnel.tls.ServiceTls;
import edu.tinynet.tunnel.tls.TlsConfigException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code tunnel check CONF}: reads the configuration as {@code tunnel CONF} would, also loads every
 * service's certificates, keys and CA files and resolves its connect hosts, then prints the
 * effective settings per service and every warning and error. Binds nothing. Exit code 0 when the
 * configuration would start, 1 when not.
 */
@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check CONF without running it: effective settings per service, every warning and error.",
            "Loads certificates, keys and CA files and resolves connect hosts; binds nothing."})
public final class CheckCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--lenient", description = "Accept unsupported stunnel options with a warning.")
    boolean lenient;

    @Option(names = "--port-offset", paramLabel = "N", defaultValue = "0", description = "Add N to every port.")
    int portOffset;

    @Parameters(index = "0", paramLabel = "CONF", description = "stunnel-style configuration file.")
    Path config;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        CheckResult result = check(config, lenient, portOffset);
        out.print(ConfigReport.render(result));
        out.flush();
        return result.ok() ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    /** The parser's result plus what only starting would find: TLS files, socket options, host names. */
    static CheckResult check(Path file, boolean lenient, int portOffset) {
        CheckResult parsed = ConfigParser.check(file, new ParseOptions(lenient));
        if (!parsed.ok()) {
            return parsed;
        }
        TunnelConfig cfg = parsed.config().withPortOffset(portOffset);
        List<Diagnostic> all = new ArrayList<>(parsed.diagnostics());
        boolean failed = false;
        for (ServiceConfig sc : cfg.services()) {
            try {
                ServiceTls.create(sc, w -> all.add(new Diagnostic(Diagnostic.WARNING, null, sc.name(), w)));
            } catch (TlsConfigException e) {
                all.addAll(e.errors());
                failed = true;
            }
            try {
                for (String w : ServiceRuntime.validate(sc)) {
                    all.add(new Diagnostic(Diagnostic.WARNING, null, null, w));
                }
            } catch (IllegalArgumentException e) {
                all.add(new Diagnostic(Diagnostic.ERROR, null, null, e.getMessage()));
                failed = true;
            }
        }
        return new CheckResult(parsed.source(), failed ? null : cfg, all);
    }
}
