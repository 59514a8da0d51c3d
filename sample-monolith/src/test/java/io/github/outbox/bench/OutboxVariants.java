package io.github.outbox.bench;

import java.util.Properties;

import javax.sql.DataSource;

import jakarta.mail.internet.MimeMessage;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.mail.javamail.JavaMailSenderImpl;
import org.springframework.mail.javamail.MimeMessageHelper;

import io.github.outbox.Outbox;
import io.github.outbox.OutboxEvent;
import tools.jackson.databind.json.JsonMapper;

/**
 * The sample's sign-up with its {@link Outbox} replaced, for comparison: the same
 * controller, service and transaction, only what {@code Outbox.publish} does differs.
 */
final class OutboxVariants {

	private OutboxVariants() {
	}

	/** The outbox write off: the sign-up writes its user and token, and no event. */
	@SpringBootConfiguration(proxyBeanMethods = false)
	static class WithoutOutbox {

		@Bean
		Outbox outbox(DataSource dataSource) {
			return new Outbox(dataSource, JsonMapper.builder().build(), 1) {
				@Override
				public void publish(OutboxEvent event) {
				}
			};
		}

	}

	/**
	 * The naive design: the confirmation mail is sent over SMTP inside the request (and
	 * its transaction), a new connection per mail, with the same timeouts as mail-relay.
	 */
	@SpringBootConfiguration(proxyBeanMethods = false)
	static class MailInRequest {

		@Bean
		Outbox outbox(DataSource dataSource, @Value("${bench.smtp-port}") int smtpPort) {
			JavaMailSenderImpl sender = new JavaMailSenderImpl();
			sender.setHost("127.0.0.1");
			sender.setPort(smtpPort);
			Properties timeouts = new Properties();
			timeouts.put("mail.smtp.connectiontimeout", "5000");
			timeouts.put("mail.smtp.timeout", "5000");
			timeouts.put("mail.smtp.writetimeout", "5000");
			sender.setJavaMailProperties(timeouts);
			JsonMapper json = JsonMapper.builder().build();
			return new Outbox(dataSource, json, 1) {
				@Override
				public void publish(OutboxEvent event) {
					String email = json.readTree(json.writeValueAsString(event.payload())).get("email").asString();
					MimeMessage message = sender.createMimeMessage();
					try {
						MimeMessageHelper helper = new MimeMessageHelper(message, "UTF-8");
						helper.setFrom("no-reply@example.com");
						helper.setTo(email);
						helper.setSubject("Confirm your account");
						helper.setText(json.writeValueAsString(event.payload()));
					}
					catch (jakarta.mail.MessagingException ex) {
						throw new IllegalStateException(ex);
					}
					sender.send(message);
				}
			};
		}

	}

}
