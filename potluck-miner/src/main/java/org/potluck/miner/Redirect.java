package org.potluck.miner;

/** A {@code client.reconnect}: where to go next and how long to wait first. */
record Redirect(String host, int port, int waitSeconds) {}
