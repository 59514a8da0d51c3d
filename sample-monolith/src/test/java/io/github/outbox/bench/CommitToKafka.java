package io.github.outbox.bench;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;

/**
 * Events written at a steady rate, each in a transaction of its own, and how long each
 * took from its commit to the broker (append time) and to a consumer; beside them the
 * rate the writers achieved and how far the relay was behind when the last event
 * committed, so that a latency is never read without the load it was measured at.
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
		Map<String, Long> intendedAt = new ConcurrentHashMap<>();
		try (KafkaArrivals arrivals = new KafkaArrivals(bootstrapServers, topic)) {
			ExecutorService pool = Executors.newFixedThreadPool(writers);
			FixedSchedule schedule = FixedSchedule.of(perSecond, duration);
			long count = schedule.count();
			// on schedule: a write that waits for a free writer shows as schedule→commit
			schedule.run((intended) -> {
				String key = UUID.randomUUID().toString();
				intendedAt.put(key, intended);
				pool.execute(() -> {
					try {
						writer.write(key, clock);
					}
					catch (RuntimeException ex) {
						failures.incrementAndGet();
					}
				});
			});
			Awaitility.await("writing " + count + " events")
				.atMost(Duration.ofSeconds(60))
				.pollInterval(Duration.ofMillis(50))
				.until(() -> clock.commits().size() + failures.get() >= count);
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
			Latencies scheduleToCommit = new Latencies();
			long missing = 0;
			long firstCommit = Long.MAX_VALUE;
			long lastCommit = Long.MIN_VALUE;
			for (CommitClock.Stamp stamp : commits.values()) {
				firstCommit = Math.min(firstCommit, stamp.nanos());
				lastCommit = Math.max(lastCommit, stamp.nanos());
			}
			long behindAtLastCommit = 0;
			long lastArrival = lastCommit;
			for (Map.Entry<String, CommitClock.Stamp> commit : commits.entrySet()) {
				scheduleToCommit.recordNanos(commit.getValue().nanos() - intendedAt.get(commit.getKey()));
				KafkaArrivals.Arrival arrival = arrivals.arrivals().get(commit.getKey());
				if (arrival == null) {
					missing++;
					continue;
				}
				toConsumer.recordNanos(arrival.nanos() - commit.getValue().nanos());
				toBroker.recordMillis(arrival.appendedMillis() - commit.getValue().millis());
				if (arrival.nanos() > lastCommit) {
					behindAtLastCommit++;
				}
				lastArrival = Math.max(lastArrival, arrival.nanos());
			}
			double seconds = (lastCommit - firstCommit) / 1e9;
			double achieved = (commits.size() > 1 && seconds > 0) ? (commits.size() - 1) / seconds : Double.NaN;
			return new Result(toBroker, toConsumer, scheduleToCommit, achieved, behindAtLastCommit,
					(lastArrival - lastCommit) / 1e6, commits.size(), missing + failures.get());
		}
	}

	/**
	 * @param toBroker commit to the broker's append time (millisecond clock)
	 * @param toConsumer commit to a consumer's poll
	 * @param scheduleToCommit from the event's time on the schedule to its commit: how
	 * far the writers fell behind the offered rate
	 * @param achievedRate commits a second, first commit to last
	 * @param behindAtLastCommit events committed but not yet at the consumer when the
	 * last event committed: the relay's lag at the end of the window
	 * @param drainMillis from the last commit to the last event's arrival
	 * @param committed events committed
	 * @param missing events that failed or never reached the consumer
	 */
	record Result(Latencies toBroker, Latencies toConsumer, Latencies scheduleToCommit, double achievedRate,
			long behindAtLastCommit, double drainMillis, long committed, long missing) {
	}

}
