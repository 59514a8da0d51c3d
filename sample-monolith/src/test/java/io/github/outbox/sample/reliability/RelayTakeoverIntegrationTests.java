package io.github.outbox.sample.reliability;

import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.github.outbox.OutboxHeaders;
import io.github.outbox.local.ChildJvm;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TopicReader;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances of the monolith, two JVMs on one database: exactly one streams, the other
 * stands by without failing. When the leader is killed with SIGKILL the standby takes
 * over within seconds, and nothing is lost.
 */
class RelayTakeoverIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	@Test
	void theStandbyTakesOverWithinSecondsWhenTheLeaderIsKilled() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "takeover")) {
			kafka.createTopic(scenario.topic(), 3);
			URI monolith = scenario.startMonolith(false);
			ChildJvm first = scenario.startMonolithJvm();
			scenario.awaitLeading(first);
			ChildJvm second = scenario.startMonolithJvm();
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE);
					TopicReader reader = new TopicReader(kafka.bootstrapServers(),
							Pattern.compile(Pattern.quote(scenario.topic())))) {
				awaitStandingBy(scenario, second);
				scenario.awaitCommitted(RATE * 5L);
				assertThat(scenario.relayLeaderPid()).as("the leader, while both run").contains(first.pid());
				assertThat(Files.readString(second.log())).as("the standby's log").doesNotContain(" ERROR ");

				Instant killedAt = scenario.databaseNow();
				long killed = System.nanoTime();
				first.kill();
				String firstEventAfterKill = scenario.firstEventAfter(killedAt);
				Awaitility.await("an event committed after the kill on Kafka")
					.atMost(Duration.ofSeconds(60))
					.pollInterval(Duration.ofMillis(10))
					.until(() -> reader.poll()
						.stream()
						.anyMatch((record) -> firstEventAfterKill
							.equals(TopicReader.header(record, OutboxHeaders.EVENT_ID))));
				Duration takeover = Duration.ofNanos(System.nanoTime() - killed);
				assertThat(scenario.relayLeaderPid()).as("the new leader").contains(second.pid());

				scenario.awaitCommitted(RATE * 3L);
				SignupLoad.Answers answers = load.stop();
				DeliveryAudit audit = scenario.audit(false);
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("instances", 2);
				figures.put("signupsPerSecond", RATE);
				figures.put("takeoverMillis", takeover.toMillis());
				figures.putAll(audit.figures());
				ReliabilityFigures.record("relay leader killed, standby takes over", figures);

				assertThat(answers.failed()).as("sign-ups refused").isZero();
				assertThat(takeover).as("kill to the first new event on Kafka").isLessThan(Duration.ofSeconds(15));
				assertThat(audit.lost()).as("events lost").isZero();
			}
		}
	}

	private static void awaitStandingBy(FaultScenario scenario, ChildJvm standby) {
		Awaitility.await("the second instance standing by (log: " + standby.log() + ")")
			.atMost(Duration.ofSeconds(90))
			.pollInterval(Duration.ofMillis(200))
			.failFast("the second instance exited", () -> !standby.isAlive())
			.until(() -> Files.readAllLines(standby.log())
				.stream()
				.anyMatch((line) -> line.contains(" " + standby.pid() + " --- ")
						&& line.contains("Started SampleMonolithApplication")));
	}

}
