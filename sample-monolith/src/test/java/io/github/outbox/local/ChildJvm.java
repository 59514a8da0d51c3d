package io.github.outbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import io.github.outbox.testsupport.CommandLine;

/**
 * A module's executable jar run as a child JVM, as it runs in production: its own
 * process, its own classpath, killed for real.
 */
public final class ChildJvm implements AutoCloseable {

	private final Process process;

	private final Path log;

	private ChildJvm(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/**
	 * Starts the executable jar of a module with the given Spring properties as command
	 * line arguments; its output goes to {@code log} (appended, so that restarts keep the
	 * history).
	 */
	public static ChildJvm start(String module, String maxHeap, Map<String, ?> properties, Path log)
			throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = Stream
			.concat(Stream.of(java, "-Xmx" + maxHeap, "-XX:TieredStopAtLevel=1", "-jar",
					executableJar(module).toString()), Stream.of(CommandLine.of(properties)))
			.toList();
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		return new ChildJvm(process, log);
	}

	public long pid() {
		return this.process.pid();
	}

	public boolean isAlive() {
		return this.process.isAlive();
	}

	public Path log() {
		return this.log;
	}

	/** CPU time the process has used so far, user and system. */
	public Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/** SIGKILL: no shutdown hook, no offset commit, no clean close. */
	public void kill() throws InterruptedException {
		this.process.destroyForcibly();
		this.process.waitFor(30, TimeUnit.SECONDS);
	}

	/** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			kill();
		}
	}

	/**
	 * A copy of the module's executable jar, made once per test JVM, so that a rebuild of
	 * the module does not pull the jar from under a running child.
	 */
	static synchronized Path executableJar(String module) throws IOException {
		Path copy = Path.of(System.getProperty("java.io.tmpdir"), "outbox-child-jvm-" + ProcessHandle.current().pid(),
				module + ".jar");
		if (!Files.exists(copy)) {
			Files.createDirectories(copy.getParent());
			Files.copy(builtJar(module), copy);
			copy.toFile().deleteOnExit();
			copy.getParent().toFile().deleteOnExit();
		}
		return copy;
	}

	private static Path builtJar(String module) throws IOException {
		Path target = LocalSampleApplication.projectRoot().resolve(module).resolve("target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException(module + "'s executable jar is missing from " + target
						+ ": build it first (./mvnw install -DskipTests, or ./mvnw verify from the root)"));
		}
	}

}
