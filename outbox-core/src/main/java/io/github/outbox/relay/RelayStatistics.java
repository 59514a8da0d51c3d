package io.github.outbox.relay;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import org.jspecify.annotations.Nullable;

/**
 * What the relay has done since the application started: events Kafka acknowledged,
 * failed attempts, and how long events took from their commit to Kafka's acknowledgement.
 * Read by the health indicator and the metrics; safe to read from any thread.
 */
public final class RelayStatistics {

	private final AtomicLong published = new AtomicLong();

	private final AtomicLong failedAttempts = new AtomicLong();

	private final List<Consumer<Duration>> lagListeners = new CopyOnWriteArrayList<>();

	private volatile @Nullable Instant lastPublishedAt;

	private volatile @Nullable Duration lastCommitToAck;

	private volatile @Nullable String lastFailure;

	private volatile @Nullable AcknowledgedEvent lastAcknowledged;

	/** Events Kafka acknowledged; repeats after a crash count again. */
	public long published() {
		return this.published.get();
	}

	/** Attempts to publish a batch that Kafka did not acknowledge. */
	public long failedAttempts() {
		return this.failedAttempts.get();
	}

	/** When Kafka last acknowledged a batch, if it has. */
	public @Nullable Instant lastPublishedAt() {
		return this.lastPublishedAt;
	}

	/** Commit to acknowledgement of the last event published, if any. */
	public @Nullable Duration lastCommitToAck() {
		return this.lastCommitToAck;
	}

	/** The last failure, until a batch is published again. */
	public @Nullable String lastFailure() {
		return this.lastFailure;
	}

	/**
	 * The last event Kafka acknowledged to this instance, if it has published one since
	 * the application started; {@code null} on a standby.
	 */
	public @Nullable AcknowledgedEvent lastAcknowledged() {
		return this.lastAcknowledged;
	}

	/** Calls {@code listener} with the commit-to-acknowledgement time of every event. */
	public void onCommitToAck(Consumer<Duration> listener) {
		this.lagListeners.add(listener);
	}

	void recordPublished(int events, List<Duration> commitToAck, AcknowledgedEvent last) {
		this.published.addAndGet(events);
		this.lastPublishedAt = last.acknowledgedAt();
		this.lastAcknowledged = last;
		this.lastFailure = null;
		for (Duration lag : commitToAck) {
			this.lastCommitToAck = lag;
			for (Consumer<Duration> listener : this.lagListeners) {
				listener.accept(lag);
			}
		}
	}

	void recordFailure(Throwable cause) {
		this.failedAttempts.incrementAndGet();
		this.lastFailure = String.valueOf(cause);
	}

}
