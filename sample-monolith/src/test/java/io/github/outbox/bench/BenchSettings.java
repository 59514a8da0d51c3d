package io.github.outbox.bench;

import java.nio.file.Path;
import java.time.Duration;

/**
 * The run's size, from arguments ({@code --bench.backlog=500000}, through
 * {@code -Dspring-boot.run.arguments=...}) or system properties of the same names; the
 * defaults make a run of 25 to 35 minutes on two cores (docs/performance.md).
 *
 * @param warmup length of one warm-up window (load before a measurement, not counted)
 * @param warmupTolerance a JVM is warm once a window's figure is within this many percent
 * of the previous window's
 * @param warmupMaxWindows warm-up windows at most, settled or not
 * @param measure length of each measurement
 * @param clients concurrent HTTP clients of the write-path measurement
 * @param lightRate events a second of the light commit-to-Kafka load
 * @param heavyRate events a second of the heavy commit-to-Kafka load
 * @param backlog events of the catch-up backlog
 * @param mails events of the mail-throughput backlog
 * @param mailRates sign-ups a second of the end-to-end measurements, one after the other
 * @param outageRate sign-ups a second while SMTP is slow or down
 * @param outageRequests sign-ups per variant and SMTP state, enough for a stable p99
 * @param smtpDelaySeconds how long the slow SMTP server waits before answering DATA
 * @param output where the JSON and the chart go
 * @param only the items to run, e.g. "2,3"; all but 6 by default (6 only when named)
 * @param idlePollIntervals poll intervals whose idle CPU item 6 measures
 * @param layoutRows older events in each of item 7's outbox tables before it measures
 * @param layoutRounds rounds of item 7, each measuring every layout once
 * @param outbox further {@code outbox.*} settings of the sample with the relay
 */
record BenchSettings(Duration warmup, double warmupTolerance, int warmupMaxWindows, Duration measure, int clients,
		int lightRate, int heavyRate, int backlog, int mails, java.util.List<Integer> mailRates, int outageRate,
		int outageRequests, int smtpDelaySeconds, Path output, java.util.Set<Integer> only,
		java.util.List<Integer> idlePollIntervals, int layoutRows, int layoutRounds,
		java.util.Map<String, Object> outbox) {

	static BenchSettings from(String[] args) {
		java.util.Map<String, Object> outbox = new java.util.LinkedHashMap<>();
		for (String arg : args) {
			if (arg.startsWith("--bench.") && arg.contains("=")) {
				System.setProperty(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
			if (arg.startsWith("--outbox.") && arg.contains("=")) {
				outbox.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
			}
		}
		// item 6 (idle CPU by poll interval) is a side measurement: only when asked for
		java.util.Set<Integer> only = java.util.Set.copyOf(integers("bench.only", "1,2,3,4,5,7"));
		return new BenchSettings(Duration.ofSeconds(integer("bench.warmup-seconds", 5)),
				Double.parseDouble(System.getProperty("bench.warmup-tolerance", "3")),
				integer("bench.warmup-max-windows", 12), Duration.ofSeconds(integer("bench.measure-seconds", 10)),
				integer("bench.clients", 8), integer("bench.light-rate", 50), integer("bench.heavy-rate", 1000),
				integer("bench.backlog", 300_000), integer("bench.mails", 5_000),
				integers("bench.mail-rates", "25,500"), integer("bench.outage-rate", 40),
				integer("bench.outage-requests", 2_000), integer("bench.smtp-delay-seconds", 1),
				Path.of(System.getProperty("bench.output", "target/benchmarks")), only,
				integers("bench.idle-poll-intervals", "1,2,5,10,50"), integer("bench.layout-rows", 2_000_000),
				integer("bench.layout-rounds", 3), outbox);
	}

	boolean runs(int item) {
		return this.only.contains(item);
	}

	/** How long item 5 sends at its rate to make {@link #outageRequests()} sign-ups. */
	Duration outageDuration() {
		return Duration.ofMillis(1000L * this.outageRequests / this.outageRate);
	}

	private static java.util.List<Integer> integers(String name, String fallback) {
		return java.util.Arrays.stream(System.getProperty(name, fallback).split(","))
			.map(String::trim)
			.filter((item) -> !item.isEmpty())
			.map(Integer::valueOf)
			.toList();
	}

	private static int integer(String name, int fallback) {
		return Integer.getInteger(name, fallback);
	}

}
