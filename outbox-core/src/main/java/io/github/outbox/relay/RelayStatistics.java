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

	private final AtomicLong parked = new AtomicLong();

	private volatile @Nullable String lastParkReason;

	private volatile @Nullable Instant retryingSince;

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

	/**
	 * Events this instance parked since the application started, the ones parked again
	 * after a re-drive included; the outbox_parked_event table holds those still parked.
	 */
	public long parked() {
		return this.parked.get();
	}

	/** Why the last event was parked, if one was. */
	public @Nullable String lastParkReason() {
		return this.lastParkReason;
	}

	/**
	 * Since when the relay has been retrying a batch Kafka does not acknowledge (an
	 * outage); {@code null} while batches go through.
	 */
	public @Nullable Instant retryingSince() {
		return this.retryingSince;
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

	void recordFailure(Throwable cause, Instant at) {
		this.failedAttempts.incrementAndGet();
		this.lastFailure = String.valueOf(cause);
		if (this.retryingSince == null) {
			this.retryingSince = at;
		}
	}

	void recordDelivered() {
		this.retryingSince = null;
	}

	void recordParked(String reason) {
		this.parked.incrementAndGet();
		this.lastParkReason = reason;
	}

}
