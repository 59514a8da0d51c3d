package io.github.outbox.bench;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.core.Ordered;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * When each event's transaction committed: taken by the first after-commit callback, so
 * before anything the commit sets off (a peer that sends to Kafka after commit sends in
 * such a callback).
 */
final class CommitClock {

	private final Map<String, Stamp> commits = new ConcurrentHashMap<>();

	/** Call inside the event's transaction. */
	void stampCommitOf(String key) {
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {

			@Override
			public int getOrder() {
				return Ordered.HIGHEST_PRECEDENCE;
			}

			@Override
			public void afterCommit() {
				CommitClock.this.commits.put(key, Stamp.now());
			}

		});
	}

	Map<String, Stamp> commits() {
		return this.commits;
	}

	/**
	 * A point in time on both clocks: nanoTime for precision, wall time for the broker's.
	 */
	record Stamp(long nanos, long millis) {

		static Stamp now() {
			return new Stamp(System.nanoTime(), System.currentTimeMillis());
		}

	}

}
