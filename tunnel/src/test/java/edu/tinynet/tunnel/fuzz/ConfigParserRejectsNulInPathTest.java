package edu.tinynet.tunnel.fuzz;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import edu.tinynet.tunnel.config.ConfigException;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.ParseOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Found by {@link ConfigParserFuzzTest} in fuzzing mode: a NUL character in a path-valued option
 * must give a {@link ConfigException} naming the file, line and option, not an unchecked
 * {@code InvalidPathException}.
 */
class ConfigParserRejectsNulInPathTest {

    @Test
    void nulInPathOptionIsAConfigError() {
        String text = "[s]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\ncert = /etc/stun\0es\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(text, Path.of("/nonexistent-fuzz-dir/fuzz.conf"), ParseOptions.STRICT));
        assertTrue(e.getMessage().contains("fuzz.conf") && e.getMessage().contains("cert"), e.getMessage());
    }

    @Test
    void nulInIncludeIsAConfigError() {
        String text = "include = /etc/stun\0nel\n[s]\naccept = 127.0.0.1:0\nconnect = 127.0.0.1:1\n";
        ConfigException e = assertThrows(ConfigException.class,
                () -> ConfigParser.parse(text, Path.of("/nonexistent-fuzz-dir/fuzz.conf"), ParseOptions.STRICT));
        assertTrue(e.getMessage().contains("fuzz.conf:1") && e.getMessage().contains("include"), e.getMessage());
    }
}
