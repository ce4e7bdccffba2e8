package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code include = DIR}: files in alphabetical order, locations naming the included file. */
class IncludeTest {

    @Test
    void filesAreReadInAlphabeticalOrder() throws ConfigException {
        TunnelConfig config = ConfigParser.parse(IniReaderTest.resource("include/main.conf"), ParseOptions.STRICT);
        assertEquals(List.of("imaps", "ldaps"), config.services().stream().map(ServiceConfig::name).toList());
        for (ServiceConfig s : config.services()) {
            assertEquals(Duration.ofSeconds(120), s.timeouts().idle());
        }
    }

    @Test
    void locationsNameTheIncludedFileAndLine() throws ConfigException {
        Path dir = IniReaderTest.resource("include/conf.d");
        ServiceConfig ldaps = ConfigParser.parse(IniReaderTest.resource("include/main.conf"), ParseOptions.STRICT)
                .services().get(1);
        assertEquals(new SourceLocation(dir.resolve("10-ldap.conf"), 2, "[ldaps]"), ldaps.location());
    }

    @Test
    void pathsAreRelativeToTheIncludedFile() throws ConfigException {
        Path dir = IniReaderTest.resource("include/conf.d");
        ServiceConfig imaps = ConfigParser.parse(IniReaderTest.resource("include/main.conf"), ParseOptions.STRICT)
                .services().get(0);
        assertEquals(dir.resolve("site.pem"), imaps.tls().cert());
    }

    @Test
    void errorsNameTheIncludedFile() {
        Path parts = IniReaderTest.resource("include-error/parts");
        CheckResult result = ConfigParser.check(IniReaderTest.resource("include-error/main.conf"), ParseOptions.STRICT);
        assertEquals(List.of(parts.resolve("b.conf") + ":2: \"bogus line\": No '=' found"),
                result.errors().stream().map(Diagnostic::format).toList());
    }

    @Test
    void emptyDirectoryIsAWarning(@TempDir Path tmp) throws IOException, ConfigException {
        Files.createDirectory(tmp.resolve("empty.d"));
        Path main = tmp.resolve("main.conf");
        Files.writeString(main, "include = empty.d\ncert = s.pem\n[a]\naccept = 1\nconnect = 2\n");
        TunnelConfig config = ConfigParser.parse(main, ParseOptions.STRICT);
        assertEquals(List.of(main + ":1: \"include = empty.d\": Include directory " + tmp.resolve("empty.d") + " has no files"),
                config.diagnostics().stream().map(Diagnostic::format).toList());
    }

    @Test
    void missingDirectoryIsAnError(@TempDir Path tmp) throws IOException {
        Path main = tmp.resolve("main.conf");
        Files.writeString(main, "include = nowhere\n");
        CheckResult result = ConfigParser.check(main, ParseOptions.STRICT);
        assertEquals(main + ":1: \"include = nowhere\": Cannot read include directory " + tmp.resolve("nowhere")
                + ": No such file or directory", result.errors().get(0).format());
    }

    @Test
    void recursiveIncludeStops(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectory(tmp.resolve("loop.d"));
        Files.writeString(dir.resolve("self.conf"), "include = .\n");
        Path main = tmp.resolve("main.conf");
        Files.writeString(main, "include = loop.d\n");
        CheckResult result = ConfigParser.check(main, ParseOptions.STRICT);
        assertTrue(result.errors().get(0).format().endsWith("\"include = .\": Include stack overflow: recursive includes suspected"),
                result.errors().toString());
    }

    @Test
    void includedFilesMaySetServiceOptionsOfTheCurrentSection(@TempDir Path tmp) throws IOException, ConfigException {
        Path dir = Files.createDirectory(tmp.resolve("svc.d"));
        Files.writeString(dir.resolve("endpoints.conf"), "accept = 1001\nconnect = 2001\n");
        Path main = tmp.resolve("main.conf");
        Files.writeString(main, "cert = s.pem\n[a]\ninclude = svc.d\nTIMEOUTbusy = 5\n");
        ServiceConfig a = ConfigParser.parse(main, ParseOptions.STRICT).services().get(0);
        assertEquals(1001, a.accept().port());
        assertEquals(Duration.ofSeconds(5), a.timeouts().busy());
    }
}
