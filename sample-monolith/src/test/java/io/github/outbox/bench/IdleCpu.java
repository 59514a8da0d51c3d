package io.github.outbox.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * CPU time of the threads an application started in this JVM, over a window in which it
 * receives no work: what an idle relay costs (item 6).
 */
final class IdleCpu {

	private IdleCpu() {
	}

	/**
	 * Starts what {@code start} starts, then measures its threads (those that did not
	 * exist before) for {@code window}, doing nothing meanwhile: share of one core, in
	 * percent.
	 */
	static double shareOfOneCore(Supplier<AutoCloseable> start, Runnable ready, Duration window) throws Exception {
		ThreadMXBean threads = ManagementFactory.getThreadMXBean();
		Set<Long> before = Arrays.stream(threads.getAllThreadIds()).boxed().collect(Collectors.toSet());
		try (AutoCloseable application = start.get()) {
			ready.run();
			Map<Long, Long> atStart = cpuOfNewThreads(threads, before);
			long started = System.nanoTime();
			// the measurement is this window of nothing
			Thread.sleep(window.toMillis());
			double elapsed = System.nanoTime() - started;
			Map<Long, Long> atEnd = cpuOfNewThreads(threads, before);
			long used = 0;
			for (Map.Entry<Long, Long> thread : atEnd.entrySet()) {
				used += thread.getValue() - atStart.getOrDefault(thread.getKey(), 0L);
			}
			return 100.0 * used / elapsed;
		}
	}

	private static Map<Long, Long> cpuOfNewThreads(ThreadMXBean threads, Set<Long> before) {
		Map<Long, Long> cpu = new HashMap<>();
		for (long id : threads.getAllThreadIds()) {
			long nanos = threads.getThreadCpuTime(id);
			if (!before.contains(id) && nanos >= 0) {
				cpu.put(id, nanos);
			}
		}
		return cpu;
	}

}
