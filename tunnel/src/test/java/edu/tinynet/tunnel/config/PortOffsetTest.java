package edu.tinynet.tunnel.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code --port-offset}: every port moves, except port 0 (ephemeral). */
class PortOffsetTest {

    @Test
    void shiftsAcceptAndEveryConnect() throws ConfigException {
        ServiceConfig s = Conf.baseline().serviceLine("connect = backup.tinynet.edu:8081").parse().withPortOffset(20000)
                .services().get(0);
        assertEquals("0.0.0.0:24433", s.accept().hostPort());
        assertEquals(List.of("localhost:28080", "backup.tinynet.edu:28081"),
                s.connect().stream().map(Endpoint::hostPort).toList());
    }

    @Test
    void portZeroStaysZero() throws ConfigException {
        ServiceConfig s = Conf.baseline().service("accept", "127.0.0.1:0").parse().withPortOffset(100).services().get(0);
        assertEquals(0, s.accept().port());
        assertEquals(8180, s.connect().get(0).port());
    }

    @Test
    void everythingElseIsKept() throws ConfigException {
        TunnelConfig config = Conf.baseline().service("client", "yes").parse();
        TunnelConfig shifted = config.withPortOffset(1);
        assertEquals(config.global(), shifted.global());
        assertEquals(config.diagnostics(), shifted.diagnostics());
        assertEquals(config.services().get(0).tls(), shifted.services().get(0).tls());
        assertEquals(config.withPortOffset(0), config);
    }
}
