package io.github.outbox.local;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.awaitility.Awaitility;

/**
 * mail-relay's executable jar, run as a child JVM as it runs in production: its own
 * process, its own classpath.
 */
public final class MailRelayProcess implements AutoCloseable {

	private final ChildJvm jvm;

	private MailRelayProcess(ChildJvm jvm) {
		this.jvm = jvm;
	}

	/** Starts mail-relay with the given Spring properties, its output to {@code log}. */
	public static MailRelayProcess start(Map<String, ?> properties, Path log) throws IOException {
		Map<String, Object> withDefaults = new java.util.HashMap<>(properties);
		// its management port (health, metrics) on any free port: several may run at once
		withDefaults.putIfAbsent("server.port", 0);
		return new MailRelayProcess(ChildJvm.start("mail-relay", "256m", withDefaults, log));
	}

	/** Waits until the consumer group has a member, that is, mail-relay is consuming. */
	public MailRelayProcess awaitConsuming(String bootstrapServers, String group) {
		try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
			Awaitility.await("mail-relay joining group " + group + " (log: " + this.jvm.log() + ")")
				.atMost(Duration.ofSeconds(90))
				.pollInterval(Duration.ofMillis(250))
				.failFast("mail-relay exited; see " + this.jvm.log(), () -> !this.jvm.isAlive())
				.until(() -> hasMembers(admin, group));
		}
		return this;
	}

	private static boolean hasMembers(Admin admin, String group) throws Exception {
		ConsumerGroupDescription description;
		try {
			description = admin.describeConsumerGroups(List.of(group))
				.describedGroups()
				.get(group)
				.get(5, TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			if (ex.getCause() instanceof GroupIdNotFoundException) {
				// the group exists once its first member joins
				return false;
			}
			throw ex;
		}
		return !description.members().isEmpty() && description.members()
			.stream()
			.allMatch((member) -> !member.assignment().topicPartitions().isEmpty());
	}

	public long pid() {
		return this.jvm.pid();
	}

	public Path log() {
		return this.jvm.log();
	}

	/** CPU time mail-relay has used so far. */
	public Duration cpuTime() {
		return this.jvm.cpuTime();
	}

	/** SIGKILL: no shutdown hook, no offset commit, no clean close. */
	public void kill() throws InterruptedException {
		this.jvm.kill();
	}

	/** SIGTERM, then SIGKILL if it has not stopped within 30 s. */
	@Override
	public void close() throws InterruptedException {
		this.jvm.close();
	}

}
