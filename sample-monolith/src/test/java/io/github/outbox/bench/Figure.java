package io.github.outbox.bench;

import org.jspecify.annotations.Nullable;

/**
 * One measured figure of the run.
 *
 * @param item the numbering: 1 write path, 2 commit to Kafka, 3 catch-up, 4 mail,
 * 5 slow or down SMTP
 * @param subject what was measured, e.g. "outbox, relay live"
 * @param metric e.g. "p99"
 * @param value the figure
 * @param unit e.g. "ms", "/s", "%"
 * @param target the target for this figure, if it has one
 * @param met whether the target was met; null when there is none
 */
record Figure(int item, String subject, String metric, double value, String unit, @Nullable String target,
		@Nullable Boolean met) {

	static Figure of(int item, String subject, String metric, double value, String unit) {
		return new Figure(item, subject, metric, value, unit, null, null);
	}

	/** A target that could not be checked, and why; no verdict either way. */
	Figure unchecked(String why) {
		return new Figure(this.item, this.subject, this.metric, this.value, this.unit, why, null);
	}

	Figure against(String target, boolean met) {
		return new Figure(this.item, this.subject, this.metric, this.value, this.unit, target, met);
	}

	String formattedValue() {
		if (Double.isNaN(this.value)) {
			return "n/a";
		}
		if (Math.abs(this.value) >= 100 || this.value == Math.rint(this.value)) {
			return String.format("%,.0f", this.value);
		}
		return String.format("%.2f", this.value);
	}

}
