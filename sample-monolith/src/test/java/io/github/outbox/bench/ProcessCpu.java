package io.github.outbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

/**
 * CPU time, user and system, that one process of this machine has used so far
 * ({@code /proc/<pid>/stat}, Linux): for a process the benchmark did not start, such as
 * PostgreSQL's walsender.
 */
final class ProcessCpu {

	/** Clock ticks per second of {@code /proc}'s counters (USER_HZ, 100 on Linux). */
	private static final long TICKS_PER_SECOND = 100;

	private ProcessCpu() {
	}

	static Duration of(long pid) {
		try {
			String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
			// fields after the command name, which is in parentheses and may hold spaces
			String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			return Duration.ofMillis(ticks * 1000 / TICKS_PER_SECOND);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}
