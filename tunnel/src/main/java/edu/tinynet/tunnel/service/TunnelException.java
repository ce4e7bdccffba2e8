package edu.tinynet.tunnel.service;

/** A tunnel could not start or reload; the message names the service and the cause. */
public class TunnelException extends Exception {

    private static final long serialVersionUID = 1L;

    public TunnelException(String message) {
        super(message);
    }

    public TunnelException(String message, Throwable cause) {
        super(message, cause);
    }
}
