package edu.tinynet.tunnel.tls.filter;

/** Turns what a TLS engine threw into the one-line reason people see. */
@FunctionalInterface
public interface FailureDescriber {

    /**
     * @param failure    what the engine (or the I/O below it) threw
     * @param clientMode true when this side was the TLS client
     */
    String describe(Throwable failure, boolean clientMode);
}
