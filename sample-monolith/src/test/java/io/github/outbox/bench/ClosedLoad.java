package io.github.outbox.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * As many sign-ups as a fixed number of clients can make, each sending the next as soon
 * as the last is answered: the application's throughput, and its latency at that load.
 */
final class ClosedLoad {

	private ClosedLoad() {
	}

	static Result run(SignupRequests requests, int clients, Duration duration) throws InterruptedException {
		Latencies latencies = new Latencies();
		AtomicLong created = new AtomicLong();
		AtomicLong failed = new AtomicLong();
		long end = System.nanoTime() + duration.toNanos();
		List<Thread> threads = new ArrayList<>();
		long start = System.nanoTime();
		for (int i = 0; i < clients; i++) {
			Thread thread = new Thread(() -> {
				while (System.nanoTime() < end) {
					long sent = System.nanoTime();
					int status = requests.send(requests.nextEmail());
					if (status == 201) {
						latencies.recordNanos(System.nanoTime() - sent);
						created.incrementAndGet();
					}
					else {
						failed.incrementAndGet();
					}
				}
			}, "bench-client-" + i);
			thread.start();
			threads.add(thread);
		}
		for (Thread thread : threads) {
			thread.join();
		}
		double seconds = (System.nanoTime() - start) / 1e9;
		return new Result(created.get() / seconds, latencies, failed.get());
	}

	record Result(double perSecond, Latencies latencies, long failed) {
	}

}
