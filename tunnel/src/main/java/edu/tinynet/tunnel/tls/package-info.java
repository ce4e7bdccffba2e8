/**
 * TLS policy: what a service's TLS looks like, independent of how bytes move.
 *
 * <p>{@link edu.tinynet.tunnel.tls.ServiceTls#create ServiceTls.create(ServiceConfig, warnings)}
 * loads and checks one service's {@code cert}/{@code key}, {@code CAfile}/{@code CApath}/{@code CRLfile},
 * versions, suites, groups and verification options up front (failing with a
 * {@link edu.tinynet.tunnel.tls.TlsConfigException} that names service, option and file), and then
 * makes a configured {@link javax.net.ssl.SSLEngine} per connection through the
 * {@link edu.tinynet.tunnel.tls.TlsEngineFactory} seam. The data path (package {@code tls.filter},
 * {@code relay}) uses the engine as it comes and reports failures with
 * {@link edu.tinynet.tunnel.tls.ServiceTls#describeFailure} / {@link edu.tinynet.tunnel.tls.HandshakeFailures}.
 *
 * <h2>What Java 17 cannot do, and what is done instead</h2>
 * <ul>
 *   <li><b>Named groups per connection</b>: {@code SSLParameters.setNamedGroups} is Java 20+;
 *       {@code jdk.tls.namedGroups} is process-wide and read once. {@code curves} is enforced per
 *       engine with an {@link java.security.AlgorithmConstraints} instead; the preference order stays
 *       the JVM's. See {@link edu.tinynet.tunnel.tls.NamedGroups}.</li>
 *   <li><b>TLSv1 / TLSv1.1</b>: listed in {@code jdk.tls.disabledAlgorithms}; no per-engine
 *       setting can re-enable them. A configuration asking for them gets a warning and runs
 *       TLSv1.2+ only (an error if nothing is left). The tunnel never edits security
 *       properties; an operator who really needs them overrides the property for the process
 *       ({@code -Djava.security.properties=FILE}), which the tests show working.</li>
 *   <li><b>Renegotiation</b>: {@code jdk.tls.rejectClientInitiatedRenegotiation} is a
 *       process-wide system property read once and covers only servers. Engines of services with
 *       {@code renegotiation = no} (the default) are wrapped in a guard that refuses
 *       peer-initiated TLS 1.2 renegotiation in both directions. See
 *       {@code RenegotiationGuard}.</li>
 * </ul>
 */
package edu.tinynet.tunnel.tls;
