package io.github.outbox.bench;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * An open load's schedule: {@code perSecond} starts over a duration, each at its intended
 * time, whatever the ones before it took. Latencies are then taken from the intended
 * time, so that a stalled sender cannot hide a stall of what it measures.
 *
 * @param perSecond starts per second
 * @param count how many starts the duration holds
 */
record FixedSchedule(int perSecond, long count) {

	static FixedSchedule of(int perSecond, Duration duration) {
		return new FixedSchedule(perSecond, duration.toMillis() * perSecond / 1000);
	}

	/** Calls {@code start} {@link #count} times, each at its intended time. */
	void run(Start start) {
		long interval = TimeUnit.SECONDS.toNanos(1) / this.perSecond;
		long first = System.nanoTime();
		for (long i = 0; i < this.count; i++) {
			long intended = first + i * interval;
			long wait;
			while ((wait = intended - System.nanoTime()) > 0) {
				LockSupport.parkNanos(wait);
			}
			start.at(intended);
		}
	}

	/** One start of the load. */
	@FunctionalInterface
	interface Start {

		/**
		 * @param intended when it was meant to start, {@link System#nanoTime()}
		 */
		void at(long intended);

	}

}
