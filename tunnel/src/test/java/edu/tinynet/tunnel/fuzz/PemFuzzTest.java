package edu.tinynet.tunnel.fuzz;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import edu.tinynet.tunnel.pki.Pem;
import edu.tinynet.tunnel.pki.PkiException;
import java.io.StringReader;

/**
 * Fuzzes the PEM loader ({@link Pem#parse(java.io.Reader, String, char[])}: certificates, CRLs,
 * plain and encrypted keys), with and without a password: only {@link PkiException} may escape, in
 * bounded time. The committed seeds hold no private key (project rule); {@link PemMutationTest}
 * feeds freshly generated keys and certificates, mutated, through the same property.
 */
class PemFuzzTest {

    @FuzzTest(maxDuration = "20s")
    void parseThrowsOnlyPkiException(FuzzedDataProvider data) {
        char[] password = data.consumeBoolean() ? data.consumeString(12).toCharArray() : null;
        String text = data.consumeRemainingAsString();
        check(text, password);
    }

    static void check(String text, char[] password) {
        FuzzProperty.check("Pem.parse", text, PkiException.class,
                () -> Pem.parse(new StringReader(text), "fuzz.pem", password));
    }
}
