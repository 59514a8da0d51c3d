package io.github.outbox.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.Awaitility;
import org.jspecify.annotations.Nullable;

import io.github.outbox.local.LocalSampleApplication;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestPostgres;

/**
 * mail-relay's executable jar as a child JVM, as it runs in production, reading one topic
 * from its end in a consumer group of its own. It compiles with the benchmark's JIT
 * ({@link Jit}: C2 unless the run asked for C1 only).
 */
final class MailRelays implements AutoCloseable {

	private final Process process;

	private final Path log;

	private final String bootstrapServers;

	private final String group;

	private MailRelays(Process process, Path log, String bootstrapServers, String group) {
		this.process = process;
		this.log = log;
		this.bootstrapServers = bootstrapServers;
		this.group = group;
	}

	/**
	 * mail-relay with {@code concurrency} listener threads
	 * ({@code spring.kafka.listener.concurrency}), each sending over a connection of its
	 * own, reading {@code topic}.
	 */
	static MailRelays start(String name, TestDatabase ledger, String bootstrapServers, int smtpPort, Path output,
			int concurrency, String topic) throws IOException {
		String group = "bench-" + name;
		Map<String, Object> properties = new java.util.HashMap<>(
				Map.of("spring.kafka.listener.concurrency", concurrency, "spring.kafka.bootstrap-servers",
						bootstrapServers, "spring.datasource.url", ledger.jdbcUrl(), "spring.datasource.username",
						TestPostgres.APP_USER, "spring.datasource.password", TestPostgres.APP_PASSWORD,
						"spring.mail.host", "127.0.0.1", "spring.mail.port", smtpPort, "mail-relay.topics", topic,
						"spring.kafka.consumer.group-id", group, "spring.kafka.consumer.auto-offset-reset", "latest"));
		// its management port (health, metrics) on any free port
		properties.put("server.port", 0);
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.add("-Xmx256m");
		command.addAll(Jit.childOptions());
		command.add("-jar");
		command.add(executableJar().toString());
		command.addAll(List.of(CommandLine.of(properties)));
		Path log = output.resolve(name + ".log");
		Files.createDirectories(log.toAbsolutePath().getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
			.start();
		MailRelays relay = new MailRelays(process, log, bootstrapServers, group);
		try {
			relay.awaitMembers(true);
		}
		catch (RuntimeException ex) {
			// not left behind to consume beside the next measurement
			process.destroyForcibly();
			throw ex;
		}
		return relay;
	}

	/**
	 * Milliseconds mail-relay's JIT has compiled so far, summed over its compiler threads
	 * (HotSpot's {@code java.ci.totalTime} counter, read with {@code jcmd}).
	 */
	long compilingMillis() {
		try {
			Process jcmd = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
					Long.toString(this.process.pid()), "PerfCounter.print")
				.redirectErrorStream(true)
				.start();
			Map<String, Long> counters = new java.util.HashMap<>();
			try (var lines = jcmd.inputReader().lines()) {
				lines.map((line) -> line.split("=", 2))
					.filter((pair) -> pair.length == 2 && pair[1].matches("\\d+"))
					.forEach((pair) -> counters.put(pair[0], Long.parseLong(pair[1])));
			}
			jcmd.waitFor(30, TimeUnit.SECONDS);
			Long ticks = counters.get("java.ci.totalTime");
			if (ticks == null) {
				throw new IllegalStateException("jcmd " + this.process.pid()
						+ " PerfCounter.print gave no java.ci.totalTime: cannot tell whether mail-relay is warm");
			}
			long ticksPerSecond = counters.getOrDefault("sun.os.hrt.frequency", 1_000_000_000L);
			return ticks * 1000 / ticksPerSecond;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** CPU time mail-relay's JVM has used so far, user and system. */
	Duration cpuTime() {
		return this.process.toHandle().info().totalCpuDuration().orElse(Duration.ZERO);
	}

	/**
	 * SIGTERM (SIGKILL after 30 s), then waits until its group has no member left: no
	 * mail-relay of an earlier measurement works beside the next.
	 */
	@Override
	public void close() throws InterruptedException {
		this.process.destroy();
		if (!this.process.waitFor(30, TimeUnit.SECONDS)) {
			this.process.destroyForcibly();
			this.process.waitFor(30, TimeUnit.SECONDS);
		}
		awaitMembers(false);
	}

	private void awaitMembers(boolean consuming) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, this.bootstrapServers))) {
			Awaitility
				.await("mail-relay " + (consuming ? "joining" : "leaving") + " group " + this.group + " (log: "
						+ this.log + ")")
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				// a busy broker may answer a description late: asked again
				.ignoreException(TimeoutException.class)
				.failFast("mail-relay exited; see " + this.log, () -> consuming && !this.process.isAlive())
				.until(() -> consuming ? consuming(admin) : left(admin));
		}
	}

	/** Whether the group has members, each with partitions assigned. */
	private boolean consuming(Admin admin) throws Exception {
		ConsumerGroupDescription description = describe(admin);
		return description != null && !description.members().isEmpty()
				&& description.members()
					.stream()
					.allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
	}

	/** Whether the group has no member left. */
	private boolean left(Admin admin) throws Exception {
		ConsumerGroupDescription description = describe(admin);
		return description == null || description.members().isEmpty();
	}

	private @Nullable ConsumerGroupDescription describe(Admin admin) throws Exception {
		try {
			return admin.describeConsumerGroups(List.of(this.group))
				.describedGroups()
				.get(this.group)
				.get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				// the group exists once its first member joins
				return null;
			}
			throw ex;
		}
	}

	/**
	 * A copy of mail-relay's executable jar, made once per run, so that a rebuild does
	 * not pull the jar from under a running child.
	 */
	private static synchronized Path executableJar() throws IOException {
		Path copy = Path.of(System.getProperty("java.io.tmpdir"), "outbox-bench-" + ProcessHandle.current().pid(),
				"mail-relay.jar");
		if (!Files.exists(copy)) {
			Path target = LocalSampleApplication.projectRoot().resolve("mail-relay").resolve("target");
			Path built;
			try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
				built = files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
					.findFirst()
					.orElseThrow(() -> new IllegalStateException("mail-relay's executable jar is missing from " + target
							+ ": build it first (./mvnw install -DskipTests)"));
			}
			Files.createDirectories(copy.getParent());
			Files.copy(built, copy);
			// deleted at exit in reverse order: the jar, then its directory
			copy.getParent().toFile().deleteOnExit();
			copy.toFile().deleteOnExit();
		}
		return copy;
	}

}
