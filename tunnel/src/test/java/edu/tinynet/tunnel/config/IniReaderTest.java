package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** First stage: lines to raw sections. */
class IniReaderTest {

    private static final Path F = Path.of("/etc/tunnel/raw.conf");

    static Path resource(String name) {
        try {
            return Path.of(IniReaderTest.class.getResource("/config/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void sectionsEntriesCommentsAndTrimming() {
        String text = """
                ; comment
                # another comment
                   cert=site.pem\s\s
                [ ldaps ]
                  accept   =  636
                socket = l:SO_LINGER=1:60

                empty =
                """;
        IniReader.Result r = IniReader.read(text, F);
        assertEquals(List.of(), r.diagnostics());
        assertEquals(2, r.sections().size());
        RawSection global = r.sections().get(0);
        assertTrue(global.isGlobal());
        assertEquals(List.of(new RawEntry(F, 3, "cert=site.pem", "cert", "site.pem")), global.entries());
        RawSection ldaps = r.sections().get(1);
        assertEquals("ldaps", ldaps.name());
        assertEquals(new SourceLocation(F, 4, "[ ldaps ]"), ldaps.header());
        assertEquals(List.of(
                new RawEntry(F, 5, "accept   =  636", "accept", "636"),
                new RawEntry(F, 6, "socket = l:SO_LINGER=1:60", "socket", "l:SO_LINGER=1:60"),
                new RawEntry(F, 8, "empty =", "empty", "")), ldaps.entries());
    }

    @Test
    void windowsLineEndings() {
        IniReader.Result r = IniReader.read("cert = a.pem\r\n[x]\r\naccept = 1\r\n", F);
        assertEquals("a.pem", r.sections().get(0).entries().get(0).value());
        assertEquals(3, r.sections().get(1).entries().get(0).lineNo());
    }

    @Test
    void byteOrderMarkInText() {
        IniReader.Result r = IniReader.read("\uFEFFcert = a.pem\n", F);
        assertEquals(List.of(new RawEntry(F, 1, "cert = a.pem", "cert", "a.pem")), r.sections().get(0).entries());
    }

    @Test
    void byteOrderMarkInAFile() throws ConfigException {
        TunnelConfig config = ConfigParser.parse(resource("bom.conf"), ParseOptions.STRICT);
        assertEquals("bom", config.services().get(0).name());
        assertEquals(resource("bom.conf").resolveSibling("site.pem"), config.services().get(0).tls().cert());
    }

    @Test
    void lineWithoutEqualsIsReportedAndReadingGoesOn() {
        IniReader.Result r = IniReader.read("garbage\ncert = a.pem\n", F);
        assertEquals(List.of(new Diagnostic(Diagnostic.ERROR, new SourceLocation(F, 1, "garbage"), null, "No '=' found")),
                r.diagnostics());
        assertEquals(1, r.sections().get(0).entries().size());
    }

    @Test
    void emptyTextHasAnEmptyGlobalSection() {
        IniReader.Result r = IniReader.read("", F);
        assertEquals(1, r.sections().size());
        assertNull(r.sections().get(0).name());
    }
}
