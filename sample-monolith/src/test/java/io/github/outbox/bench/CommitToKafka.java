package io.github.outbox.bench;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

/**
 * Events written at a steady rate, each in a transaction of its own, and how long each
 * took from its commit to the broker (append time) and to a consumer.
 */
final class CommitToKafka {

	private CommitToKafka() {
	}

	/** Writes one event whose record key is {@code key}, in a transaction of its own. */
	@FunctionalInterface
	interface EventWriter {

		void write(String key, CommitClock clock);

	}

	static Result run(EventWriter writer, String bootstrapServers, String topic, int perSecond, Duration duration,
			int writers) throws InterruptedException {
		CommitClock clock = new CommitClock();
		AtomicLong failures = new AtomicLong();
		try (KafkaArrivals arrivals = new KafkaArrivals(bootstrapServers, topic)) {
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
			long count = duration.toMillis() * perSecond / 1000;
			AtomicLong scheduled = new AtomicLong();
			ticks.scheduleAtFixedRate(() -> {
				if (scheduled.incrementAndGet() <= count) {
					pool.execute(() -> {
						try {
							writer.write(UUID.randomUUID().toString(), clock);
						}
						catch (RuntimeException ex) {
							failures.incrementAndGet();
						}
					});
				}
			}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
			Awaitility.await("writing " + count + " events")
				.atMost(duration.plusSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> clock.commits().size() + failures.get() >= count);
			ticks.shutdownNow();
			pool.shutdown();
			Map<String, CommitClock.Stamp> commits = clock.commits();
			try {
				Awaitility.await("events on " + topic)
					.atMost(Duration.ofSeconds(30))
					.pollInterval(Duration.ofMillis(50))
					.until(() -> arrivals.arrivals().keySet().containsAll(commits.keySet()));
			}
			catch (org.awaitility.core.ConditionTimeoutException ex) {
				// reported as missing below
			}
			Latencies toConsumer = new Latencies();
			Latencies toBroker = new Latencies();
			long missing = 0;
			for (Map.Entry<String, CommitClock.Stamp> commit : commits.entrySet()) {
				KafkaArrivals.Arrival arrival = arrivals.arrivals().get(commit.getKey());
				if (arrival == null) {
					missing++;
					continue;
				}
				toConsumer.recordNanos(arrival.nanos() - commit.getValue().nanos());
				toBroker.recordMillis(arrival.appendedMillis() - commit.getValue().millis());
			}
			return new Result(toBroker, toConsumer, commits.size(), missing + failures.get());
		}
	}

	/**
	 * @param toBroker commit to the broker's append time (millisecond clock)
	 * @param toConsumer commit to a consumer's poll
	 * @param committed events committed
	 * @param missing events that failed or never reached the consumer
	 */
	record Result(Latencies toBroker, Latencies toConsumer, long committed, long missing) {
	}

}
