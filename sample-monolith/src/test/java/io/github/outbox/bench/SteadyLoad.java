package io.github.outbox.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-ups at a steady rate, sent on schedule whatever the earlier ones are doing, as
 * users' would: a slow application makes requests pile up instead of slowing the load.
 * Each latency runs from the request's intended send time on the schedule, not from when
 * the sender got round to it, so a stalled sender cannot hide a stall of the application
 * (coordinated omission).
 */
final class SteadyLoad {

	private final Latencies latencies = new Latencies();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong answered = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Latencies senderDelay = new Latencies();

	private final Map<String, Long> createdAt = new ConcurrentHashMap<>();

	private SteadyLoad() {
	}

	/**
	 * Sends {@code perSecond} sign-ups a second for {@code duration}, then waits for the
	 * answers.
	 */
	static SteadyLoad run(SignupRequests requests, int perSecond, Duration duration) throws InterruptedException {
		SteadyLoad load = new SteadyLoad();
		FixedSchedule schedule = FixedSchedule.of(perSecond, duration);
		long count = schedule.count();
		schedule.run((intended) -> {
			load.senderDelay.recordNanos(System.nanoTime() - intended);
			load.send(requests, intended);
		});
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
		while (load.answered.get() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		return load;
	}

	private void send(SignupRequests requests, long intended) {
		this.sent.incrementAndGet();
		String email = requests.nextEmail();
		requests.sendAsync(email).thenAccept((status) -> {
			if (status == 201) {
				this.latencies.recordNanos(System.nanoTime() - intended);
				this.createdAt.put(email, intended);
			}
			else {
				this.failed.incrementAndGet();
			}
			this.answered.incrementAndGet();
		});
	}

	/**
	 * From each request's intended send time to its answer, of the requests answered 201.
	 */
	Latencies latencies() {
		return this.latencies;
	}

	/** How late the sender was on its schedule: near zero, or the load was not steady. */
	Latencies senderDelay() {
		return this.senderDelay;
	}

	long sent() {
		return this.sent.get();
	}

	/** Requests answered with anything but 201, or not at all. */
	long failed() {
		return this.failed.get() + (this.sent.get() - this.answered.get());
	}

	/**
	 * When each sign-up answered 201 was due on the schedule, on nanoTime's clock, by
	 * address.
	 */
	Map<String, Long> createdAt() {
		return this.createdAt;
	}

}
