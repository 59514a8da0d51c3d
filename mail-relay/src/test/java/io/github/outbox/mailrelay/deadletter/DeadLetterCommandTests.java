package io.github.outbox.mailrelay.deadletter;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import org.junit.jupiter.api.Test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The command's exit status and messages on a wrong command line, which it reports before
 * it connects to Kafka.
 */
class DeadLetterCommandTests {

	private final ByteArrayOutputStream out = new ByteArrayOutputStream();

	private final ByteArrayOutputStream err = new ByteArrayOutputStream();

	@Test
	void isRequestedByAWordOnTheCommandLine() {
		assertThat(DeadLetterCommand.isRequested("--spring.kafka.bootstrap-servers=kafka:9092")).isFalse();
		assertThat(DeadLetterCommand.isRequested()).isFalse();
		assertThat(DeadLetterCommand.isRequested("--spring.kafka.bootstrap-servers=kafka:9092", "dead-letters", "list"))
			.isTrue();
	}

	@Test
	void exitsWithStatusTwoAndTheUsageOnAnUnknownAction() {
		int status = run("dead-letters", "show");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString(UTF_8)).startsWith("dead-letters: unknown action 'show': list or redrive")
			.contains("usage: java -jar mail-relay.jar dead-letters list")
			.doesNotContain("Exception")
			.doesNotContain("\tat ");
		assertThat(this.out.toString(UTF_8)).isEmpty();
	}

	@Test
	void exitsWithStatusTwoOnAMalformedEventId() {
		int status = run("dead-letters", "redrive", "--event-id=12345");

		assertThat(status).isEqualTo(2);
		assertThat(this.err.toString(UTF_8)).startsWith("dead-letters: --event-id '12345' is not a UUID")
			.doesNotContain("\tat ");
	}

	private int run(String... args) {
		return DeadLetterCommand.run(
				new CommandOutput(new PrintStream(this.out, true, UTF_8), new PrintStream(this.err, true, UTF_8)),
				args);
	}

}
