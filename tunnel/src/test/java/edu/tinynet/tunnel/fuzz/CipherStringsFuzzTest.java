package edu.tinynet.tunnel.fuzz;

import com.code_intelligence.jazzer.junit.FuzzTest;
import edu.tinynet.tunnel.config.CipherStringException;
import edu.tinynet.tunnel.config.CipherStrings;

/**
 * Fuzzes the OpenSSL cipher-string translator ({@link CipherStrings#translate(String)} and the TLS
 * 1.3 variant {@link CipherStrings#tls13(String)}): only {@link CipherStringException} may escape,
 * in bounded time. Seeds: {@code src/test/resources/edu/tinynet/tunnel/fuzz/CipherStringsFuzzTestInputs/}.
 */
class CipherStringsFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void translateThrowsOnlyCipherStringException(String spec) {
        if (spec == null) {
            return;
        }
        FuzzProperty.check("CipherStrings.translate", spec, CipherStringException.class,
                () -> CipherStrings.translate(spec));
        FuzzProperty.check("CipherStrings.tls13", spec, CipherStringException.class,
                () -> CipherStrings.tls13(spec));
    }
}
