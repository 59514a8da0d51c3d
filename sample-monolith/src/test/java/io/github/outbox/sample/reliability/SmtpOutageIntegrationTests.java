package io.github.outbox.sample.reliability;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.outbox.local.MailRelayProcess;
import io.github.outbox.testsupport.TestKafka;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SMTP server is down for a while during sign-ups: mail-relay waits with a growing
 * back-off (no hot loop), skips nothing, and sends every mail once the server is back.
 */
class SmtpOutageIntegrationTests {

	private static final int RATE = Integer.getInteger("reliability.rate", 15);

	private static final int OUTAGE_SECONDS = Integer.getInteger("reliability.outage-seconds", 20);

	@Test
	void mailRelayBacksOffWhileSmtpIsDownAndThenSendsEveryMailOnce() throws Exception {
		try (TestKafka kafka = TestKafka.start(); FaultScenario scenario = FaultScenario.on(kafka, "smtpdown")) {
			kafka.createTopic(scenario.topic(), FaultScenario.MAIL_RELAY_THREADS);
			scenario.startSmtp();
			MailRelayProcess mailRelay = scenario.startMailRelay();
			URI monolith = scenario.startMonolith(true);
			try (SignupLoad load = SignupLoad.start(monolith, scenario.mailDomain(), RATE)) {
				scenario.awaitMails(RATE * 2);

				scenario.stopSmtp();
				long retriesBefore = retries(mailRelay);
				Duration cpuBefore = mailRelay.cpuTime();
				load.awaitSent((long) RATE * OUTAGE_SECONDS);
				long retriesDuringOutage = retries(mailRelay) - retriesBefore;
				Duration cpuDuringOutage = mailRelay.cpuTime().minus(cpuBefore);
				scenario.startSmtp();

				load.awaitSent(RATE * 2L);
				SignupLoad.Answers answers = load.stop();
				DeliveryAudit audit = scenario.audit(true);
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("outageSeconds", OUTAGE_SECONDS);
				figures.put("signupsPerSecond", RATE);
				figures.put("retriesDuringOutage", retriesDuringOutage);
				figures.put("mailRelayCpuMillisDuringOutage", cpuDuringOutage.toMillis());
				figures.putAll(audit.figures());
				ReliabilityFigures.record("SMTP server down", figures);

				assertThat(answers.failed()).as("sign-ups refused").isZero();
				assertThat(audit.lost()).isZero();
				assertThat(audit.missingMails()).as("users without a mail").isZero();
				assertThat(audit.duplicateMails()).as("second mails").isZero();
				// 1 s doubling to 30 s: a handful of attempts per listener thread in the
				// outage, not a hot loop
				assertThat(retriesDuringOutage).as("attempts while SMTP was down")
					.isBetween(1L, 12L * FaultScenario.MAIL_RELAY_THREADS);
				assertThat(cpuDuringOutage).as("mail-relay's CPU time while SMTP was down")
					.isLessThan(Duration.ofSeconds(OUTAGE_SECONDS / 2));
			}
		}
	}

	private static long retries(MailRelayProcess mailRelay) throws IOException {
		try (var lines = Files.lines(mailRelay.log())) {
			return lines.filter((line) -> line.contains("failed (attempt")).count();
		}
	}

}
