package edu.tinynet.tunnel.service;

/** A connection that is still open, with its counters at the moment it was listed. */
public record ActiveConnection(ConnectionInfo info, ConnectionStats stats) {
}
