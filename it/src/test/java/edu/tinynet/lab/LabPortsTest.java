package edu.tinynet.lab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Ports are the seed's plus the offset, distinct per address in both address layouts. */
class LabPortsTest {

    @Test
    void defaultOffsetGivesTheDocumentedPorts() {
        LabPorts p = LabPorts.offset(LabPorts.DEFAULT_OFFSET, LabAddresses.perHostAddresses());
        assertEquals(10389, p.port(LabEndpoint.WEB_LDAP));
        assertEquals(10143, p.port(LabEndpoint.WEB_IMAP));
        assertEquals(10587, p.port(LabEndpoint.WEB_SMTP));
        assertEquals(10636, p.port(LabEndpoint.LDAP_TLS));
        assertEquals(10993, p.port(LabEndpoint.MAIL_IMAPS));
        assertEquals(10465, p.port(LabEndpoint.GW_SMTPS));
    }

    @Test
    void realPortsAreTheSeedsOwn() {
        LabPorts p = LabPorts.offset(0, LabAddresses.perHostAddresses());
        assertEquals(389, p.port(LabEndpoint.WEB_LDAP));
        assertEquals(636, p.port(LabEndpoint.LDAP_TLS));
        assertEquals(389, p.port(LabEndpoint.LDAP_BACKEND));
    }

    @Test
    void singleAddressLayoutHasNoTwoEndpointsOnOnePort() {
        LabPorts p = LabPorts.offset(10_000, LabAddresses.singleAddress());
        Set<Integer> seen = new HashSet<>();
        for (LabEndpoint e : LabEndpoint.values()) {
            assertTrue(seen.add(p.port(e)), e + " shares port " + p.port(e));
        }
        assertEquals(10389, p.port(LabEndpoint.WEB_LDAP), "the applications' ports do not move");
    }

    @Test
    void offsetPushingAPortPast65535IsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LabPorts.offset(60_000, LabAddresses.perHostAddresses()));
        assertTrue(e.getMessage().startsWith("port offset 60000 is too large"), e.getMessage());
    }

    @Test
    void freePortsAreDistinctPerAddress() throws Exception {
        LabAddresses a = LabAddresses.detect();
        LabPorts p = LabPorts.free(a);
        Set<String> seen = new HashSet<>();
        for (LabEndpoint e : LabEndpoint.values()) {
            assertTrue(seen.add(a.text(e.host()) + ":" + p.port(e)), e.toString());
        }
        assertNull(p.offset());
    }
}
