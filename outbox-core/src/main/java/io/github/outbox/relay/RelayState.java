package io.github.outbox.relay;

/**
 * What the relay of this instance is doing.
 */
public enum RelayState {

	/** Not started, or stopped with the application. */
	STOPPED,

	/** Another instance leads; this one takes over if that one goes. */
	STANDBY,

	/** This instance leads and streams the outbox to Kafka. */
	STREAMING,

	/** This instance leads, but its engine failed and restarts after a back-off. */
	RESTARTING

}
