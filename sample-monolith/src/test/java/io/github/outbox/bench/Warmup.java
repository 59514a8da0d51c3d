package io.github.outbox.bench;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Warms a JVM up by running a measured window again and again until a window's value (a
 * rate, or a median latency) is within a tolerance of the previous one: the JIT has
 * settled, and what follows measures compiled code, not the compiler.
 */
final class Warmup {

	private static final Logger logger = LoggerFactory.getLogger(Warmup.class);

	private Warmup() {
	}

	/** One window of load; answers its figure, e.g. events/s. */
	@FunctionalInterface
	interface Window {

		double run() throws Exception;

	}

	/**
	 * Runs windows until one is within {@code tolerancePercent} (or {@code slack}, in the
	 * window's unit) of the previous one, or {@code maxWindows} have run.
	 */
	static Result until(String what, double tolerancePercent, double slack, int maxWindows, Window window)
			throws Exception {
		long started = System.nanoTime();
		double previous = Double.NaN;
		int windows = 0;
		boolean settled = false;
		double value = Double.NaN;
		while (windows < maxWindows && !settled) {
			value = window.run();
			windows++;
			settled = !Double.isNaN(previous)
					&& Math.abs(value - previous) <= Math.max(slack, Math.abs(previous) * tolerancePercent / 100);
			logger.info("Warm-up of {}: window {}: {}", what, windows, String.format("%,.2f", value));
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
	 * @param settled whether the last window was within the tolerance of the one before
	 */
	record Result(int windows, double seconds, double last, boolean settled) {

		/** The figure of the report that says how long warming up took. */
		Figure figure(int item, String subject, double tolerancePercent) {
			return Figure.of(item, subject, "warm-up (" + this.windows + " windows)", this.seconds, "s")
				.against("window within " + format(tolerancePercent) + " % of the last", this.settled);
		}

		private static String format(double value) {
			return (value == Math.rint(value)) ? String.format("%.0f", value) : String.valueOf(value);
		}

	}

}
