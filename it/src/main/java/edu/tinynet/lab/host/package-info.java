/**
 * The host runner of the compose lab ({@code compose/compose.yaml}): {@link edu.tinynet.lab.host.HostMain}
 * runs one TinyNet host per JVM (tunnel plus loopback server, {@link edu.tinynet.lab.host.LabHost}),
 * makes the lab PKI ({@link edu.tinynet.lab.host.PkiInit}), lays the lab overlays over the seed
 * configurations ({@link edu.tinynet.lab.host.ConfigOverlay}) and probes services for the health
 * checks ({@link edu.tinynet.lab.host.Probe}).
 */
package edu.tinynet.lab.host;
