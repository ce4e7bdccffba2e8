package edu.tinynet.tunnel.tls.filter;

import org.apache.mina.core.buffer.IoBuffer;
import org.apache.mina.core.future.WriteFuture;
import org.apache.mina.core.write.DefaultWriteRequest;
import org.apache.mina.core.write.WriteRequest;

/**
 * TLS records on their way to the socket. Carries the application's request whose plaintext they
 * encrypt (so its future completes and {@code messageSent} reports it), or none for records the
 * filter makes on its own (handshake, alerts, close_notify).
 */
final class EncryptedWrite extends DefaultWriteRequest {

    private final WriteRequest original;

    EncryptedWrite(IoBuffer records, WriteRequest original, WriteFuture future) {
        super(records, future);
        this.original = original;
    }

    /** The application's request, or null for filter-made records. */
    WriteRequest original() {
        return original;
    }
}
