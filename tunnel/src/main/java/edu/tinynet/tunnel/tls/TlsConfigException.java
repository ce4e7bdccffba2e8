package edu.tinynet.tunnel.tls;

import edu.tinynet.tunnel.config.ConfigException;
import edu.tinynet.tunnel.config.Diagnostic;

/**
 * A service's TLS settings cannot be used: a file is missing or broken, a key does not match, an
 * option asks for something the JVM cannot do. The message names the service, the option and the
 * file, e.g. {@code Service [ldaps]: cert = /x/Site_Cert.pem: no such file}.
 */
public class TlsConfigException extends ConfigException {

    private static final long serialVersionUID = 1L;

    private final String service;
    private final String option;
    private final String detail;

    /**
     * @param service the service name (null for none)
     * @param option  the stunnel option at fault, e.g. {@code cert}, {@code CAfile}, {@code curves}
     * @param detail  the message without the service prefix; it starts with the option, normally as
     *                {@code option = value: what is wrong}
     */
    public TlsConfigException(String service, String option, String detail) {
        super(new Diagnostic(Diagnostic.ERROR, null, service, detail));
        this.service = service;
        this.option = option;
        this.detail = detail;
    }

    /** The same, keeping the underlying cause. */
    public TlsConfigException(String service, String option, String detail, Throwable cause) {
        this(service, option, detail);
        initCause(cause);
    }

    /** The service name, or null. */
    public String service() {
        return service;
    }

    /** The stunnel option at fault. */
    public String option() {
        return option;
    }

    /** The message without the service prefix, e.g. {@code cert = /x/Site_Cert.pem: no such file}. */
    public String detail() {
        return detail;
    }
}
