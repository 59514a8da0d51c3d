package io.github.outbox.bench;

import java.lang.management.ManagementFactory;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a JVM up by running a measured window again and again until a window's value (a
 * rate, or a median latency) is within a tolerance of the previous one and the measured
 * JVM's JIT compiled for less than {@link #MAX_COMPILING} of the window: the JIT has
 * settled, and what follows measures compiled code, not the compiler. (A window's figure
 * alone is not enough: one run had the C2 compiler threads at a quarter of a core during
 * a window that followed two within 3 % of each other.)
 */
final class Warmup {

	private static final Logger logger = LoggerFactory.getLogger(Warmup.class);

	/**
	 * Most time the JIT's threads may spend compiling in a settled window, as a share of
	 * the window's length (summed over the compiler threads).
	 */
	static final double MAX_COMPILING = 0.05;

	private Warmup() {
	}

	/** Time a JVM's JIT has spent compiling so far. */
	@FunctionalInterface
	interface JitClock {

		/** This JVM's. */
		JitClock THIS_JVM = () -> ManagementFactory.getCompilationMXBean().getTotalCompilationTime();

		/** Milliseconds, summed over the compiler threads. */
		long compilingMillis();

		/** Both JVMs', for a load measured across two. */
		default JitClock and(JitClock other) {
			return () -> compilingMillis() + other.compilingMillis();
		}

	}

	/** One window of load; answers its figure, e.g. events/s. */
	@FunctionalInterface
	interface Window {

		double run() throws Exception;

	}

	/**
	 * Runs windows until one is within {@code tolerancePercent} (or {@code slack}, in the
	 * window's unit) of the previous one while the JIT compiled for less than
	 * {@link #MAX_COMPILING} of it, or {@code maxWindows} have run.
	 */
	static Result until(String what, double tolerancePercent, double slack, int maxWindows, JitClock jit, Window window)
			throws Exception {
		long started = System.nanoTime();
		double previous = Double.NaN;
		int windows = 0;
		boolean settled = false;
		double value = Double.NaN;
		while (windows < maxWindows && !settled) {
			long compiledBefore = jit.compilingMillis();
			long windowStarted = System.nanoTime();
			value = window.run();
			double compiling = (jit.compilingMillis() - compiledBefore) / ((System.nanoTime() - windowStarted) / 1e6);
			windows++;
			settled = !Double.isNaN(previous)
					&& Math.abs(value - previous) <= Math.max(slack, Math.abs(previous) * tolerancePercent / 100)
					&& compiling < MAX_COMPILING;
			logger.info("Warm-up of {}: window {}: {} (JIT compiling {} % of it)", what, windows,
					String.format("%,.2f", value), String.format("%.1f", 100 * compiling));
			previous = value;
		}
		double seconds = (System.nanoTime() - started) / 1e9;
		if (settled) {
			logger.info("{} warm after {} windows, {} s", what, windows, String.format("%.0f", seconds));
		}
		else {
			logger.warn("{} not settled after {} windows ({} s): its figures may include the JIT's work", what, windows,
					String.format("%.0f", seconds));
		}
		return new Result(windows, seconds, value, settled);
	}

	/**
	 * @param windows windows run
	 * @param seconds how long the warm-up took
	 * @param last the last window's figure
	 * @param settled whether the last window was within the tolerance of the one before,
	 * with the JIT quiet
	 */
	record Result(int windows, double seconds, double last, boolean settled) {

		/** The figure of the report that says how long warming up took. */
		Figure figure(int item, String subject, double tolerancePercent) {
			return Figure.of(item, subject, "warm-up (" + this.windows + " windows)", this.seconds, "s")
				.against("window within " + format(tolerancePercent) + " % of the last, JIT under "
						+ format(100 * MAX_COMPILING) + " % of it", this.settled);
		}

		private static String format(double value) {
			return (value == Math.rint(value)) ? String.format("%.0f", value) : String.valueOf(value);
		}

	}

}
