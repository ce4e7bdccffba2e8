package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Command-line mistakes end with exit code 2 and one line naming the option. */
class LabMainRejectsBadInputTest {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return LabMain.commandLine(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8)).execute(args);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void unknownOptionIsNamed() {
        assertEquals(2, run("--bogus"));
        assertTrue(err().startsWith("tinynet-lab: Unknown option: '--bogus' (see --help)"), err());
    }

    @Test
    void tapEveryNeedsTap() {
        assertEquals(2, run("--tap-every", "5"));
        assertEquals("tinynet-lab: --tap-every needs --tap (see --help)", err().strip());
    }

    @Test
    void freeAndRealPortsExcludeEachOther() {
        assertEquals(2, run("--free-ports", "--real-ports"));
        assertTrue(err().contains("--free-ports and --real-ports exclude each other"), err());
    }

    @Test
    void nonNumericOffsetIsNamed() {
        assertEquals(2, run("--port-offset", "ten"));
        assertTrue(err().contains("'--port-offset'") && err().contains("'ten'"), err());
    }

    @Test
    void helpListsTheOptions() {
        assertEquals(0, run("--help"));
        String help = out.toString(StandardCharsets.UTF_8);
        for (String o : new String[] {"--work", "--tap", "--no-tls", "--real-ports", "--status-file"}) {
            assertTrue(help.contains(o), o + " in\n" + help);
        }
    }
}
