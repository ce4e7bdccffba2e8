package edu.tinynet.tunnel.pki;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** SAN parsing: OpenSSL's TYPE:value syntax, and a message naming the bad entry. */
class SubjectAltNameTest {

    @Test
    void parsesAListOfEveryKind() {
        assertEquals(List.of(SubjectAltName.dns("www.tinynet.edu"), SubjectAltName.ip("192.168.56.252"),
                        SubjectAltName.ip("::1"), SubjectAltName.email("admin@tinynet.edu"), SubjectAltName.dns("*.tinynet.edu")),
                SubjectAltName.parseList("DNS:www.tinynet.edu, IP:192.168.56.252,IP:[::1],email:admin@tinynet.edu,dns:*.TinyNet.edu"));
    }

    @Test
    void normalizesNames() {
        assertEquals("DNS:ldap.tinynet.edu", SubjectAltName.parse("DNS:LDAP.TinyNet.edu.").toString());
        assertEquals("IP:0:0:0:0:0:0:0:1", SubjectAltName.parse("IP:::1").toString());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "DNS:bad_name.test|\"bad_name.test\" is not a valid DNS name",
        "IP:192.168.1|\"192.168.1\" is not an IP address literal",
        "IP:999.1.1.1|\"999.1.1.1\" is not an IP address literal",
        "IP:ldap.tinynet.edu|\"ldap.tinynet.edu\" is not an IP address literal",
        "email:nobody|\"nobody\" is not an e-mail address",
        "URI:http://x|unknown type \"URI\"",
        "ldap.tinynet.edu|expected TYPE:VALUE",
        "DNS:|empty DNS value"
    })
    void malformedEntryIsNamed(String entry, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SubjectAltName.parseList(entry));
        assertTrue(e.getMessage().startsWith("malformed SAN \"" + entry + "\""), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void emptyListIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> SubjectAltName.parseList(" , "));
    }
}
