package io.github.outbox.bench;

import java.util.concurrent.TimeUnit;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/** Latencies in microseconds, recorded from any thread, read in milliseconds. */
final class Latencies {

	private final Histogram histogram = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);

	void recordNanos(long nanos) {
		this.histogram.recordValue(Math.max(0, Math.min(nanos / 1_000, this.histogram.getHighestTrackableValue())));
	}

	void recordMillis(long millis) {
		recordNanos(TimeUnit.MILLISECONDS.toNanos(Math.max(0, millis)));
	}

	long count() {
		return this.histogram.getTotalCount();
	}

	double percentileMillis(double percentile) {
		return (count() == 0) ? Double.NaN : this.histogram.getValueAtPercentile(percentile) / 1_000.0;
	}

	double maxMillis() {
		return (count() == 0) ? Double.NaN : this.histogram.getMaxValue() / 1_000.0;
	}

}
