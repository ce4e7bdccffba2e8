package edu.tinynet.tunnel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import edu.tinynet.tunnel.config.ConfigException;
import edu.tinynet.tunnel.config.ConfigParser;
import edu.tinynet.tunnel.config.ParseOptions;
import java.nio.file.Path;

/**
 * Fuzzes the stunnel-format configuration parser ({@link ConfigParser#parse(String, Path,
 * ParseOptions)}, strict and lenient): only {@link ConfigException} may escape, in bounded time.
 * Seeds: {@code src/test/resources/edu/tinynet/tunnel/fuzz/ConfigParserFuzzTestInputs/}. See
 * docs/fuzzing.md for the modes.
 */
class ConfigParserFuzzTest {

    /** A file in a directory that does not exist, so relative includes and files cannot resolve. */
    private static final Path PRETEND = Path.of("/nonexistent-fuzz-dir/fuzz.conf");

    @FuzzTest(maxDuration = "20s")
    void parserThrowsOnlyConfigException(FuzzedDataProvider data) {
        boolean lenient = data.consumeBoolean();
        String text = data.consumeRemainingAsString();
        FuzzProperty.check("ConfigParser.parse", text, ConfigException.class,
                () -> ConfigParser.parse(text, PRETEND, lenient ? ParseOptions.LENIENT : ParseOptions.STRICT));
    }
}
