package io.github.outbox.sample.endtoend;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.client.RestClient;

import io.github.outbox.local.MailRelayProcess;
import io.github.outbox.sample.RunningSample;
import io.github.outbox.sample.SampleMonolithApplication;
import io.github.outbox.testsupport.CommandLine;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path on real parts: sign-up (and order) over HTTP, the outbox row, the
 * embedded relay, Kafka, mail-relay in its own JVM (its mail group and its SMS notifier
 * group), and an SMTP server read back.
 */
class SignupToMailIntegrationTests {

	private static final Pattern LINK = Pattern.compile("https?://\\S+/api/signups/confirm\\?token=[A-Za-z0-9_-]+");

	private static TestKafka kafka;

	private static TestDatabase monolithDatabase;

	private static TestDatabase mailRelayDatabase;

	private static GreenMail smtp;

	private static MailRelayProcess mailRelay;

	private static ConfigurableApplicationContext monolith;

	private static RestClient http;

	@BeforeAll
	static void start() throws Exception {
		kafka = TestKafka.start();
		smtp = new GreenMail(ServerSetupTest.SMTP.dynamicPort());
		smtp.start();
		mailRelayDatabase = TestPostgres.createDatabase("mail_e2e");
		mailRelay = MailRelayProcess.start(
				Map.of("spring.kafka.bootstrap-servers", kafka.bootstrapServers(), "spring.datasource.url",
						mailRelayDatabase.jdbcUrl(), "spring.datasource.username", TestPostgres.APP_USER,
						"spring.datasource.password", TestPostgres.APP_PASSWORD, "spring.mail.host", "127.0.0.1",
						"spring.mail.port", smtp.getSmtp().getPort(), "mail-relay.sms.log-only", true,
						// the line per mail sent, which carries the trace id
						"logging.level.io.github.outbox.mailrelay.MailDelivery", "debug"),
				Path.of("target", "mail-relay-e2e.log"));

		monolithDatabase = TestPostgres.createDatabase("monolith_e2e");
		Map<String, Object> properties = new HashMap<>(monolithDatabase.properties());
		properties.put("outbox.relay.kafka.bootstrap-servers", kafka.bootstrapServers());
		properties.put("server.port", "0");
		monolith = new SpringApplicationBuilder(SampleMonolithApplication.class).run(CommandLine.of(properties));
		http = RestClient.builder()
			.baseUrl("http://localhost:" + monolith.getEnvironment().getProperty("local.server.port"))
			.defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {
			})
			.build();
		mailRelay.awaitConsuming(kafka.bootstrapServers(), "mail-relay");
	}

	@AfterAll
	static void stop() throws Exception {
		if (monolith != null) {
			monolith.close();
		}
		if (mailRelay != null) {
			mailRelay.close();
		}
		if (smtp != null) {
			smtp.stop();
		}
		for (TestDatabase database : Arrays.asList(monolithDatabase, mailRelayDatabase)) {
			if (database != null) {
				database.close();
			}
		}
		if (kafka != null) {
			kafka.close();
		}
	}

	@Test
	void theSignupsTraceIdIsInMailRelaysLogWhenItSendsTheMail() throws Exception {
		String traceId = UUID.randomUUID().toString().replace("-", "");
		String email = RunningSample.uniqueEmail("traced");
		http.post()
			.uri("/api/signups")
			.header("traceparent", "00-" + traceId + "-00f067aa0ba902b7-01")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email, "name", "Traced"))
			.retrieve()
			.toBodilessEntity();

		firstMailTo(email);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> Files.readAllLines(mailRelay.log())
				.stream()
				.anyMatch((line) -> line.contains("Sent the mail") && line.contains(traceId)));
	}

	@Test
	void aSignupSendsExactlyOneConfirmationMailWhoseLinkConfirmsTheAccount() throws Exception {
		String email = RunningSample.uniqueEmail("ada");
		ResponseEntity<Map> signup = signUp(email, "Ada Lovelace");
		assertThat(signup.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String userId = userId(email);

		MimeMessage mail = firstMailTo(email);
		assertThat(mail.getSubject()).containsIgnoringCase("confirm");
		assertThat(GreenMailUtil.getBody(mail)).contains("Ada Lovelace");

		ResponseEntity<Map> confirmed = follow(linkIn(mail));
		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).containsEntry("userId", userId).containsEntry("status", "CONFIRMED");
		assertThat(monolith.getBean(JdbcClient.class)
			.sql("select confirmed_at is not null from users where id = ?::uuid")
			.param(userId)
			.query(Boolean.class)
			.single()).isTrue();

		// A later sign-up's mail has gone the same way; the first address still has one.
		String later = RunningSample.uniqueEmail("later");
		signUp(later, "Later");
		firstMailTo(later);
		assertThat(mailsTo(email)).hasSize(1);
	}

	@Test
	void aSignupWithTheAddressOfAnAccountAnswersAsAnyOtherAndMailsTheOwnerThatSomeoneTried() throws Exception {
		String email = RunningSample.uniqueEmail("alan");
		ResponseEntity<Map> first = signUp(email, "Alan Turing");
		firstMailTo(email);

		ResponseEntity<Map> second = signUp(email, "Mallory");

		assertThat(second.getStatusCode()).isEqualTo(first.getStatusCode());
		assertThat(second.getBody()).isEqualTo(first.getBody());
		List<MimeMessage> mails = await().atMost(Duration.ofSeconds(60))
			.until(() -> mailsTo(email), (m) -> m.size() == 2);
		MimeMessage notice = mails.get(1);
		assertThat(notice.getSubject()).isEqualTo("Someone tried to sign up with your address");
		assertThat(GreenMailUtil.getBody(notice)).contains("Alan Turing").doesNotContain("Mallory");
	}

	@Test
	void aNewLinkAskedForArrivesByMailAndConfirmsTheAccountWhileTheFirstNoLongerDoes() throws Exception {
		String email = RunningSample.uniqueEmail("grace");
		ResponseEntity<Map> signup = signUp(email, "Grace Hopper");
		assertThat(signup.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String userId = userId(email);
		URI first = linkIn(firstMailTo(email));

		ResponseEntity<Map> resend = http.post()
			.uri("/api/signups/confirmation-requests")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("email", email))
			.retrieve()
			.toEntity(Map.class);

		assertThat(resend.getStatusCode()).isEqualTo(HttpStatus.ACCEPTED);
		List<MimeMessage> mails = await().atMost(Duration.ofSeconds(60))
			.until(() -> mailsTo(email), (m) -> m.size() == 2);
		MimeMessage second = mails.get(1);
		assertThat(second.getSubject()).isEqualTo("Your new confirmation link");
		assertThat(GreenMailUtil.getBody(second)).contains("Grace Hopper");
		URI renewed = linkIn(second);
		assertThat(renewed).isNotEqualTo(first);
		assertThat(follow(first).getStatusCode()).isEqualTo(HttpStatus.GONE);
		ResponseEntity<Map> confirmed = follow(renewed);
		assertThat(confirmed.getStatusCode()).isEqualTo(HttpStatus.OK);
		assertThat(confirmed.getBody()).containsEntry("userId", userId).containsEntry("status", "CONFIRMED");
		assertThat(mailsTo(email)).hasSize(2);
	}

	@Test
	void anOrderSendsOneOrderMailAndOneTextMessageThroughTwoConsumerGroups() throws Exception {
		String email = RunningSample.uniqueEmail("emmy");
		signUp(email, "Emmy Noether");
		// only a confirmed account orders; the confirmation's answer carries its id
		URI link = linkIn(firstMailTo(email));
		String userId = (String) follow(link).getBody().get("userId");

		ResponseEntity<Map> order = http.post()
			.uri("/api/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("userId", userId, "phone", "+447700900123", "lines",
					List.of(Map.of("sku", "BOOK-001", "quantity", 2), Map.of("sku", "PEN-042", "quantity", 1))))
			.retrieve()
			.toEntity(Map.class);
		assertThat(order.getStatusCode()).isEqualTo(HttpStatus.CREATED);
		String orderId = (String) order.getBody().get("orderId");

		// the mail group: the sign-up's confirmation, then the order's
		List<MimeMessage> mails = await().atMost(Duration.ofSeconds(60))
			.until(() -> mailsTo(email), (m) -> m.size() == 2);
		MimeMessage orderMail = mails.stream()
			.filter((mail) -> subject(mail).startsWith("Your order"))
			.findFirst()
			.orElseThrow();
		assertThat(orderMail.getSubject()).contains(orderId.substring(0, 8));
		assertThat(GreenMailUtil.getBody(orderMail)).contains("Notes on the Analytical Engine").contains("28.20");

		// the SMS group, on the same records: its log-only sender logs the message
		String eventId = monolith.getBean(JdbcClient.class)
			.sql("select id::text from outbox_event where aggregatetype = 'Order' and aggregateid = ?")
			.param(orderId)
			.query(String.class)
			.single();
		await().atMost(Duration.ofSeconds(60))
			.until(() -> Files.readAllLines(mailRelay.log())
				.stream()
				.anyMatch((line) -> line.contains("Logged the SMS for OrderPlaced event " + eventId)));
		assertThat(Files.readAllLines(mailRelay.log())
			.stream()
			.filter((line) -> line.contains("SMS to") && line.contains(eventId))).hasSize(1)
			.allSatisfy((line) -> assertThat(line).contains("123").doesNotContain("+447700900123"));
	}

	private static String subject(MimeMessage mail) {
		try {
			return mail.getSubject();
		}
		catch (jakarta.mail.MessagingException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static ResponseEntity<Map> signUp(String email, String name) {
		return RunningSample.postSignup(http, email, name);
	}

	/** The first mail to the address, once it has arrived. */
	private static MimeMessage firstMailTo(String address) {
		return await().atMost(Duration.ofSeconds(60)).until(() -> mailsTo(address), (m) -> !m.isEmpty()).get(0);
	}

	private static URI linkIn(MimeMessage mail) {
		String body = GreenMailUtil.getBody(mail);
		Matcher link = LINK.matcher(body);
		assertThat(link.find()).as("a confirmation link in %s", body).isTrue();
		return URI.create(link.group());
	}

	private static ResponseEntity<Map> follow(URI link) {
		return http.get().uri(link.getRawPath() + "?" + link.getRawQuery()).retrieve().toEntity(Map.class);
	}

	private static List<MimeMessage> mailsTo(String address) {
		return Arrays.stream(smtp.getReceivedMessages()).filter((message) -> {
			try {
				return Arrays.stream(message.getRecipients(Message.RecipientType.TO))
					.anyMatch((recipient) -> recipient.toString().contains(address));
			}
			catch (jakarta.mail.MessagingException ex) {
				throw new IllegalStateException(ex);
			}
		}).toList();
	}

	private static String userId(String email) {
		return monolith.getBean(JdbcClient.class)
			.sql("select id::text from users where email = ?")
			.param(email)
			.query(String.class)
			.single();
	}

}
