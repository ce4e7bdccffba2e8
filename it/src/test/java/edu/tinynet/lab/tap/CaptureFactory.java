package edu.tinynet.lab.tap;

/** Captures with given content, for summary tests. */
final class CaptureFactory {

    private CaptureFactory() {
    }

    static TapRelay.Capture finished(int id, byte[] clientToServer, byte[] serverToClient) {
        TapRelay.Capture c = new TapRelay.Capture(id, null, true);
        c.append(true, clientToServer);
        c.append(false, serverToClient);
        c.finish();
        return c;
    }
}
