package io.github.outbox.mailrelay.deadletter;

import java.util.List;

import org.springframework.boot.Banner;
import org.springframework.boot.DefaultApplicationArguments;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.ProducerFactory;

/**
 * The operator's command for dead-lettered mail, run from mail-relay's jar:
 * {@code java -jar mail-relay.jar dead-letters list} or
 * {@code ... dead-letters redrive --event-id=<uuid>}. It runs as a Spring Boot
 * application of its own with Kafka only, configured from the same {@code spring.kafka.*}
 * and {@code mail-relay.*} settings: no listener container, no ledger database, no SMTP
 * server, so the command neither consumes records nor sends mail, and it ends when done.
 * <p>
 * Deliberately not a {@code @Configuration}: mail-relay's component scan must not find it
 * and run the command inside the mail relay.
 */
@ImportAutoConfiguration({ KafkaAutoConfiguration.class, SslAutoConfiguration.class })
@EnableConfigurationProperties(DeadLetterProperties.class)
public final class DeadLetterCommand {

	/**
	 * Whether the command line asks for a command rather than the mail relay: it has a
	 * word that is not an {@code --option}.
	 */
	public static boolean isRequested(String... args) {
		return !new DefaultApplicationArguments(args).getNonOptionArgs().isEmpty();
	}

	/**
	 * Runs the command, reporting to standard output and standard error.
	 * @return the exit status: 0 done, 1 could not be done, 2 wrong command line
	 */
	public static int run(String... args) {
		return run(new CommandOutput(System.out, System.err), args);
	}

	static int run(CommandOutput output, String... args) {
		try {
			ConfigurableApplicationContext context = new SpringApplicationBuilder(DeadLetterCommand.class)
				.web(WebApplicationType.NONE)
				.bannerMode(Banner.Mode.OFF)
				.logStartupInfo(false)
				// the command's output is the result; a setting or
				// --logging.level.root=info brings the logs back
				.properties("logging.level.root=warn")
				.initializers((ctx) -> ctx.getBeanFactory().registerSingleton("commandOutput", output))
				.run(args);
			return SpringApplication.exit(context);
		}
		catch (RuntimeException ex) {
			// Spring Boot reported why the application could not start (a bad setting)
			return DeadLetterRunner.FAILED;
		}
	}

	@Bean
	DeadLetterRunner deadLetterRunner(ConsumerFactory<?, ?> consumers, ProducerFactory<?, ?> producers,
			DeadLetterProperties settings, Environment environment, CommandOutput output) {
		// MailRelayProperties is internal to mail-relay's package: the
		// topics are read from the property it binds them from
		List<String> relayedTopics = Binder.get(environment)
			.bind("mail-relay.topics", Bindable.listOf(String.class))
			.orElse(List.of());
		return new DeadLetterRunner(new DeadLetterTopics(consumers.getConfigurationProperties(), settings.timeout()),
				new Redrive(producers.getConfigurationProperties(), settings.timeout()), relayedTopics, output);
	}

}
