package io.github.outbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * The machine's CPU counters ({@code /proc/stat}, Linux), to tell how busy all its cores
 * were between two moments: whether a figure is bound by the CPU of the whole machine.
 *
 * @param busy jiffies spent on anything but idle and I/O wait
 * @param total all jiffies
 */
record MachineCpu(long busy, long total) {

	static MachineCpu now() {
		try {
			String[] fields = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
			long[] jiffies = Arrays.stream(fields).skip(1).mapToLong(Long::parseLong).toArray();
			long total = Arrays.stream(jiffies).sum();
			// user nice system idle iowait irq softirq steal ...
			return new MachineCpu(total - jiffies[3] - jiffies[4], total);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Share of all cores' time that was busy since this reading, in percent. */
	double busyPercentSince() {
		MachineCpu later = now();
		return 100.0 * (later.busy - this.busy) / Math.max(1, later.total - this.total);
	}

}
