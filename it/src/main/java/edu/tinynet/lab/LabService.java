package edu.tinynet.lab;

/**
 * One row of the lab's start-up table: something that listens.
 *
 * @param host       the host it runs on ({@code tap} for an eavesdropper)
 * @param service    the tunnel's {@code [service]}, a server's name, or a tap's hop
 * @param listen     {@code address:port}
 * @param forwardsTo where connections go ({@code address:port} and, for a client side, the server's
 *                   name), or {@code -} for a server
 * @param via        the tap a client side connects through, or null
 * @param tls        what the socket speaks, e.g. {@code client: plain in, TLS out}
 * @param endpoint   the lab endpoint
 */
public record LabService(String host, String service, String listen, String forwardsTo, String via, String tls,
        LabEndpoint endpoint) {
}
