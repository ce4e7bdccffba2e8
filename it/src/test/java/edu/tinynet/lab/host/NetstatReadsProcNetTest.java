package edu.tinynet.lab.host;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code host netstat} decodes /proc/net/tcp and tcp6 as netstat prints them. */
class NetstatReadsProcNetTest {

    private static final String TCP = String.join("\n",
            "  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
            "   0: 0100007F:0185 00000000:0000 0A 00000000:00000000 00:00000000 00000000 10001        0 1 1 0 100 0 0 10 0",
            "   1: 0238A8AC:C2A4 0338A8AC:027C 01 00000000:00000000 00:00000000 00000000 10001        0 2 1 0 20 4 30 10 -1",
            "");
    private static final String TCP6 = String.join("\n",
            "  sl  local_address                         remote_address                        st",
            "   0: 00000000000000000000000000000000:027C 00000000000000000000000000000000:0000 0A",
            "   1: 0000000000000000FFFF00000100007F:0185 0000000000000000FFFF00000100007F:A1B2 01",
            "   2: 00000000000000000000000001000000:1F90 00000000000000000000000000000000:0000 0A",
            "");

    @Test
    void ipv4AndIpv6SocketsAreDecodedWithTheirStates() {
        List<Netstat.Entry> v4 = Netstat.parse("tcp", TCP);
        assertEquals(new Netstat.Entry("tcp", "127.0.0.1:389", "0.0.0.0:0", "LISTEN"), v4.get(0));
        assertEquals(new Netstat.Entry("tcp", "172.168.56.2:49828", "172.168.56.3:636", "ESTABLISHED"), v4.get(1));
        List<Netstat.Entry> v6 = Netstat.parse("tcp6", TCP6);
        assertEquals(new Netstat.Entry("tcp6", "[::]:636", "[::]:0", "LISTEN"), v6.get(0));
        assertEquals(new Netstat.Entry("tcp6", "127.0.0.1:389", "127.0.0.1:41394", "ESTABLISHED"), v6.get(1));
        assertEquals("[0:0:0:0:0:0:0:1]:8080", v6.get(2).local());
    }

    @Test
    void aSocketOfThisJvmShowsUpAsListening() throws Exception {
        if (!Files.isReadable(Path.of("/proc/net/tcp"))) {
            return; // not Linux: nothing to compare with
        }
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String local = "127.0.0.1:" + s.getLocalPort();
            List<Netstat.Entry> all = Netstat.read(Path.of("/proc/net"));
            assertTrue(all.stream().anyMatch(e -> e.local().equals(local) && e.state().equals("LISTEN")),
                    () -> local + " not in " + all);
        }
    }
}
