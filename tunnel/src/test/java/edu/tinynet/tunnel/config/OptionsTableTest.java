package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The option table is complete and self-consistent. */
class OptionsTableTest {

    @Test
    void everyOptionHasAUniqueCaseInsensitiveName() {
        Set<String> seen = new HashSet<>();
        for (Option<?> option : Options.all()) {
            assertTrue(seen.add(option.name().toLowerCase(Locale.ROOT)), "duplicate " + option.name());
        }
    }

    @Test
    void everyOptionHasHelpAndSyntax() {
        for (Option<?> option : Options.all()) {
            assertFalse(option.help().isBlank(), option.name());
            assertFalse(option.syntax().isBlank(), option.name());
        }
    }

    @Test
    void everyDefaultIsAcceptedByItsOwnParser() {
        int withDefault = 0;
        for (Option<?> option : Options.all()) {
            if (option.defaultValue() != null) {
                withDefault++;
                assertNotNull(assertDoesNotThrow(option::parseDefault, option.name()), option.name());
            }
        }
        assertTrue(withDefault >= 20, "defaults found: " + withDefault);
    }

    @Test
    void optionsWithoutDefaultAreExactlyTheUnsetByDefaultOnes() {
        List<String> noDefault = Options.all().stream()
                .filter(o -> o.support() != Support.UNSUPPORTED && o.defaultValue() == null)
                .map(Option::name).sorted().toList();
        assertEquals(List.of("CAfile", "CApath", "CRLfile", "accept", "cert", "checkEmail", "checkHost", "checkIP",
                "connect", "include", "key", "local", "output", "pid", "sni", "socket", "sslVersion"), noDefault);
    }

    @Test
    void everySupportedOptionIsShownInTheReportOrIsAnAlias() {
        for (Option<?> option : Options.all()) {
            boolean alias = option == Options.VERIFY || option == Options.SSL_VERSION || option == Options.INCLUDE;
            if (option.support() != Support.UNSUPPORTED && !alias) {
                assertTrue(option.shownPerService() || option.shownGlobally(), option.name());
            }
        }
    }

    @Test
    void lookupIgnoresCase() {
        assertSame(Options.CA_FILE, Options.find("cafile"));
        assertSame(Options.TIMEOUT_IDLE, Options.find("timeoutidle"));
        assertEquals(null, Options.find("nosuchoption"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"setuid", "setgid", "chroot", "engine", "engineId", "libwrap", "ident", "transparent",
        "exec", "execArgs", "pty", "protocol", "protocolHost", "OCSP", "OCSPaia", "PSKsecrets", "PSKidentity", "fips",
        "compression", "RNDbytes", "RNDfile", "options", "securityLevel", "CRLpath", "syslog", "redirect", "retry"})
    void knownStunnelOptionsWeDoNotImplementAreMarkedUnsupported(String name) {
        Option<?> option = Options.find(name);
        assertNotNull(option, name);
        assertEquals(Support.UNSUPPORTED, option.support());
    }

    @Test
    void helpListsEveryOptionWithItsDefault() {
        String help = Options.renderHelp();
        for (Option<?> option : Options.all()) {
            assertTrue(help.contains(option.name()), option.name());
        }
        assertTrue(help.contains("  sslVersionMin = all | SSLv3 | TLSv1 | TLSv1.1 | TLSv1.2 | TLSv1.3   (default: TLSv1.2)\n"), help);
        assertTrue(help.contains("  TIMEOUTidle = SECONDS   (default: 43200)\n"), help);
        assertTrue(help.contains("  setuid                 a JVM cannot change its user; start it as the right user\n"), help);
    }
}
