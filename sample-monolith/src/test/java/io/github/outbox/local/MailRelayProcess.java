package io.github.outbox.local;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.awaitility.Awaitility;

import io.github.outbox.testsupport.CommandLine;

/**
 * mail-relay's executable jar, run as a child JVM as it runs in production: its own
 * process, its own classpath.
 */
public final class MailRelayProcess implements AutoCloseable {

	private final Process process;

	private final Path log;

	private MailRelayProcess(Process process, Path log) {
		this.process = process;
		this.log = log;
	}

	/** Starts mail-relay with the given Spring properties, its output to {@code log}. */
	public static MailRelayProcess start(Map<String, ?> properties, Path log) throws IOException {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		List<String> command = Stream
			.concat(Stream.of(java, "-Xmx256m", "-jar", executableJar().toString()),
					Stream.of(CommandLine.of(properties)))
			.toList();
		Files.createDirectories(log.getParent());
		Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
		return new MailRelayProcess(process, log);
	}

	/** Waits until the consumer group has a member, that is, mail-relay is consuming. */
	public MailRelayProcess awaitConsuming(String bootstrapServers, String group) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Awaitility.await("mail-relay joining group " + group + " (log: " + this.log + ")")
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.failFast("mail-relay exited; see " + this.log, () -> !this.process.isAlive())
				.until(() -> hasMembers(admin, group));
		}
		return this;
	}

	private static boolean hasMembers(Admin admin, String group) throws Exception {
		ConsumerGroupDescription description = admin.describeConsumerGroups(List.of(group))
			.describedGroups()
			.get(group)
			.get(5, TimeUnit.SECONDS);
		return !description.members().isEmpty() && description.members()
			.stream()
			.allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
	}

	public long pid() {
		return this.process.pid();
	}

	public Path log() {
		return this.log;
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

	static Path executableJar() throws IOException {
		Path target = LocalSampleApplication.projectRoot().resolve("mail-relay/target");
		try (Stream<Path> files = Files.exists(target) ? Files.list(target) : Stream.empty()) {
			return files.filter((file) -> file.getFileName().toString().endsWith("-exec.jar"))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("mail-relay's executable jar is missing from " + target
						+ ": build it first (./mvnw install -DskipTests, or ./mvnw verify from the root)"));
		}
	}

}
