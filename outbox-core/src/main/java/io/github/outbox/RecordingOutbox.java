package io.github.outbox;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;

import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import tools.jackson.databind.json.JsonMapper;

/**
 * The {@link Outbox} of an application whose DataSource is not PostgreSQL (an H2 default
 * profile, its tests) or that set {@code outbox.enabled=false}: events are checked as the
 * database outbox checks them (an active transaction, a payload that serializes within
 * {@code outbox.max-payload-size}) and kept in memory once their transaction commits.
 * Nothing is stored or published. A test reads them with {@link #events()}.
 */
public class RecordingOutbox extends Outbox {

	/** Events kept; older ones are dropped first. */
	static final int CAPACITY = 10_000;

	private final Deque<OutboxEvent> events = new ArrayDeque<>();

	/**
	 * @param json writes payloads as JSON, to check them
	 * @param maxPayloadBytes largest payload accepted, in UTF-8 bytes of its JSON
	 * @param headerContributors headers every event gets from the context it is published
	 * in
	 */
	public RecordingOutbox(JsonMapper json, int maxPayloadBytes, List<OutboxHeaderContributor> headerContributors) {
		super(json, maxPayloadBytes, headerContributors);
	}

	/** The events of committed transactions, oldest first (at most the last 10 000). */
	public List<OutboxEvent> events() {
		synchronized (this.events) {
			return List.copyOf(this.events);
		}
	}

	/** Forgets the events recorded so far. */
	public void clear() {
		synchronized (this.events) {
			this.events.clear();
		}
	}

	@Override
	void requireTransaction() {
		requireActiveTransaction();
	}

	@Override
	void write(OutboxEvent event, String payload, Map<String, String> headers) {
		OutboxEvent recorded = event.withHeaders(headers);
		if (!TransactionSynchronizationManager.isSynchronizationActive()) {
			record(recorded);
			return;
		}
		TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
			@Override
			public void afterCommit() {
				record(recorded);
			}
		});
	}

	private void record(OutboxEvent event) {
		synchronized (this.events) {
			if (this.events.size() == CAPACITY) {
				this.events.removeFirst();
			}
			this.events.addLast(event);
		}
	}

}
