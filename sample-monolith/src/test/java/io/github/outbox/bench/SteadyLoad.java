package io.github.outbox.bench;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sign-ups at a steady rate, sent on schedule whatever the earlier ones are doing, as
 * users' would: a slow application makes requests pile up instead of slowing the load.
 */
final class SteadyLoad {

	private final Latencies latencies = new Latencies();

	private final AtomicLong sent = new AtomicLong();

	private final AtomicLong answered = new AtomicLong();

	private final AtomicLong failed = new AtomicLong();

	private final Map<String, Long> sentAt = new ConcurrentHashMap<>();

	private SteadyLoad() {
	}

	/**
	 * Sends {@code perSecond} sign-ups a second for {@code duration}, then waits for the
	 * answers.
	 */
	static SteadyLoad run(SignupRequests requests, int perSecond, Duration duration) throws InterruptedException {
		SteadyLoad load = new SteadyLoad();
		ScheduledExecutorService ticks = Executors.newSingleThreadScheduledExecutor();
		long count = duration.toMillis() * perSecond / 1000;
		ticks.scheduleAtFixedRate(() -> {
			if (load.sent.get() < count) {
				load.send(requests);
			}
		}, 0, 1_000_000 / perSecond, TimeUnit.MICROSECONDS);
		long deadline = System.nanoTime() + duration.toNanos() + TimeUnit.SECONDS.toNanos(60);
		while (load.answered.get() < count && System.nanoTime() < deadline) {
			Thread.sleep(20);
		}
		ticks.shutdownNow();
		return load;
	}

	private void send(SignupRequests requests) {
		this.sent.incrementAndGet();
		String email = requests.nextEmail();
		long start = System.nanoTime();
		this.sentAt.put(email, start);
		requests.sendAsync(email).thenAccept((status) -> {
			if (status == 201) {
				this.latencies.recordNanos(System.nanoTime() - start);
			}
			else {
				this.failed.incrementAndGet();
			}
			this.answered.incrementAndGet();
		});
	}

	Latencies latencies() {
		return this.latencies;
	}

	long sent() {
		return this.sent.get();
	}

	/** Requests answered with anything but 201, or not at all. */
	long failed() {
		return this.failed.get() + (this.sent.get() - this.answered.get());
	}

	/** When the sign-up of an address was sent, on {@link System#nanoTime()}'s clock. */
	Map<String, Long> sentAt() {
		return this.sentAt;
	}

}
