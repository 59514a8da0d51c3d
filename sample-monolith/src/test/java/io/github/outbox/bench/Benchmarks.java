package io.github.outbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import javax.sql.DataSource;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.awaitility.Awaitility;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import io.github.outbox.Outbox;
import io.github.outbox.testsupport.TestDatabase;
import io.github.outbox.testsupport.TestKafka;
import io.github.outbox.testsupport.TestPostgres;

/**
 * The benchmark: every figure of docs/performance.md, measured in one run on warm JVMs.
 * Needs PostgreSQL from db/postgres.sh, mail-relay's executable jar (./mvnw install
 * -DskipTests) and, for the mail figures, Postfix's smtp-sink. Prints a table and writes
 * results.json and results.png under {@code bench.output} (target/benchmarks).
 */
public final class Benchmarks {

	private static final Logger logger = LoggerFactory.getLogger(Benchmarks.class);

	private final BenchSettings settings;

	private final Report report = new Report();

	private final List<AutoCloseable> resources = new ArrayList<>();

	private TestKafka kafka;

	private Benchmarks(BenchSettings settings) {
		this.settings = settings;
	}

	public static void main(String[] args) throws Exception {
		System.setProperty("java.awt.headless", "true");
		Benchmarks benchmarks = new Benchmarks(BenchSettings.from(args));
		try {
			benchmarks.run();
		}
		finally {
			benchmarks.close();
		}
		System.exit(0);
	}

	private void run() throws Exception {
		long started = System.nanoTime();
		this.kafka = TestKafka.start();
		this.resources.add(this.kafka);
		createTopics();
		TestDatabase outboxDatabase = database("bench_outbox");
		SampleInstance outbox = own(
				SampleInstance.start(outboxDatabase, this.kafka.bootstrapServers(), true, this.settings.outbox()));
		awaitLeading(outbox);

		section(1, "write path", () -> writePath(outbox));
		section(2, "commit to Kafka", () -> commitToKafka(outbox));
		section(3, "catch-up", () -> catchUp(outbox, outboxDatabase));
		if (SmtpSink.installed()) {
			section(4, "mail", () -> mail(outbox));
			section(5, "slow or down SMTP", () -> smtpTrouble(outbox));
		}
		else {
			logger.warn("{} is missing (apt-get install postfix): mail figures skipped", SmtpSink.COMMAND);
		}

		PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
		out.printf("%nBenchmark results (%d cores, run took %d s)%n", Runtime.getRuntime().availableProcessors(),
				TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - started));
		this.report.print(out);
		this.report.writeJson(this.settings.output().resolve("results.json"), this.settings);
		Files.writeString(this.settings.output().resolve("results.md"), this.report.markdown());
		this.report.writeChart(this.settings.output().resolve("results.png"));
		out.printf("%nWritten: %s (results.json, results.md, results.png)%n", this.settings.output().toAbsolutePath());
	}

	// 1. Sign-ups over HTTP, relay live, against the same app with the outbox write off.
	private void writePath(SampleInstance outbox) throws Exception {
		SampleInstance without = own(SampleInstance.start(database("bench_nooutbox"), this.kafka.bootstrapServers(),
				false, Map.of(), OutboxVariants.WithoutOutbox.class));
		SampleInstance writeOnly = own(
				SampleInstance.start(database("bench_writeonly"), this.kafka.bootstrapServers(), false, Map.of()));
		SignupRequests withRequests = new SignupRequests(outbox.baseUrl(), "write.example.com");
		SignupRequests withoutRequests = new SignupRequests(without.baseUrl(), "write.example.com");
		SignupRequests writeOnlyRequests = new SignupRequests(writeOnly.baseUrl(), "write.example.com");
		// the first load of the run: long enough for the JIT to have compiled the hot
		// paths
		Duration warmup = this.settings.warmup().multipliedBy(3);
		for (int round = 0; round < 2; round++) {
			ClosedLoad.run(withRequests, this.settings.clients(), warmup.dividedBy(2));
			ClosedLoad.run(withoutRequests, this.settings.clients(), warmup.dividedBy(2));
			ClosedLoad.run(writeOnlyRequests, this.settings.clients(), warmup.dividedBy(2));
		}
		// alternated halves, so that a noisy moment does not fall on one side only
		Duration half = this.settings.measure().dividedBy(2);
		List<ClosedLoad.Result> with = new ArrayList<>();
		List<ClosedLoad.Result> withoutResults = new ArrayList<>();
		List<ClosedLoad.Result> writeOnlyResults = new ArrayList<>();
		for (int round = 0; round < 2; round++) {
			with.add(ClosedLoad.run(withRequests, this.settings.clients(), half));
			withoutResults.add(ClosedLoad.run(withoutRequests, this.settings.clients(), half));
			writeOnlyResults.add(ClosedLoad.run(writeOnlyRequests, this.settings.clients(), half));
		}
		double withRate = (with.get(0).perSecond() + with.get(1).perSecond()) / 2;
		double withoutRate = (withoutResults.get(0).perSecond() + withoutResults.get(1).perSecond()) / 2;
		double writeOnlyRate = (writeOnlyResults.get(0).perSecond() + writeOnlyResults.get(1).perSecond()) / 2;
		writePathFigures("outbox, relay live", with, withRate);
		writePathFigures("outbox write off (no event)", withoutResults, withoutRate);
		writePathFigures("outbox written, relay not running", writeOnlyResults, writeOnlyRate);
		double ratio = 100 * withRate / withoutRate;
		add(Figure.of(1, "outbox, relay live vs write off", "throughput ratio", ratio, "%")
			.against("≥ 90 %", ratio >= 90));
		add(Figure.of(1, "outbox written, relay not running vs write off", "throughput ratio",
				100 * writeOnlyRate / withoutRate, "%"));
		without.close();
		writeOnly.close();
	}

	private void writePathFigures(String subject, List<ClosedLoad.Result> rounds, double rate) {
		add(Figure.of(1, subject, "throughput", rate, "/s"));
		// the second round's percentiles: both rounds are warm, the second the latest
		ClosedLoad.Result last = rounds.get(rounds.size() - 1);
		add(Figure.of(1, subject, "p50", last.latencies().percentileMillis(50), "ms"));
		add(Figure.of(1, subject, "p99", last.latencies().percentileMillis(99), "ms"));
		long failed = rounds.stream().mapToLong(ClosedLoad.Result::failed).sum();
		if (failed > 0) {
			add(Figure.of(1, subject, "failed", failed, ""));
		}
	}

	// 2. Commit to Kafka at a light and a heavy rate, this module against Modulith's
	// registry.
	private void commitToKafka(SampleInstance outbox) throws Exception {
		Outbox writer = outbox.context().getBean(Outbox.class);
		TransactionTemplate transactions = new TransactionTemplate(
				outbox.context().getBean(PlatformTransactionManager.class));
		CommitToKafka.EventWriter outboxWriter = (key, clock) -> transactions.executeWithoutResult((status) -> {
			clock.stampCommitOf(key);
			writer.publish("Latency", key, new LatencyProbe(key, "user-" + key + "@latency.example.com"));
		});
		latencyFigures("outbox (WAL relay)", outboxWriter, SampleInstance.TOPIC_PREFIX + "Latency");

		TestDatabase peerDatabase = database("bench_peer");
		try (ModulithPeer peer = ModulithPeer.start(peerDatabase, this.kafka.bootstrapServers(), Map.of())) {
			latencyFigures("Modulith registry, defaults", peer::write, ModulithPeer.TOPIC);
		}
		JdbcClient.create(dataSource(peerDatabase)).sql("delete from event_publication").update();
		// the knobs that matter: no producer linger (Kafka 4 waits 5 ms by default), and
		// completed publications deleted rather than updated
		Map<String, Object> tuning = Map.of("spring.kafka.producer.properties.linger.ms", 0,
				"spring.modulith.events.completion-mode", "delete");
		try (ModulithPeer peer = ModulithPeer.start(peerDatabase, this.kafka.bootstrapServers(), tuning)) {
			latencyFigures("Modulith registry, tuned", peer::write, ModulithPeer.TOPIC);
		}
		long open = JdbcClient.create(dataSource(peerDatabase))
			.sql("select count(*) from event_publication where completion_date is null")
			.query(Long.class)
			.single();
		add(Figure.of(2, "Modulith registry, tuned", "publications left incomplete", open, ""));
	}

	private void latencyFigures(String subject, CommitToKafka.EventWriter writer, String topic)
			throws InterruptedException {
		String bootstrap = this.kafka.bootstrapServers();
		CommitToKafka.run(writer, bootstrap, topic, this.settings.lightRate(), this.settings.warmup(), 10);
		CommitToKafka.run(writer, bootstrap, topic, this.settings.heavyRate(), this.settings.warmup(), 10);
		for (int rate : new int[] { this.settings.lightRate(), this.settings.heavyRate() }) {
			CommitToKafka.Result result = CommitToKafka.run(writer, bootstrap, topic, rate, this.settings.measure(),
					10);
			String at = "@" + rate + "/s ";
			boolean heavy = rate == this.settings.heavyRate();
			double p50 = result.toConsumer().percentileMillis(50);
			double p99 = result.toConsumer().percentileMillis(99);
			Figure p50Figure = Figure.of(2, subject + " " + at.trim(), "commit→consumer p50", p50, "ms");
			Figure p99Figure = Figure.of(2, subject + " " + at.trim(), "commit→consumer p99", p99, "ms");
			if (heavy && subject.startsWith("outbox")) {
				p50Figure = p50Figure.against("≤ 10 ms", p50 <= 10);
				p99Figure = p99Figure.against("≤ 50 ms", p99 <= 50);
			}
			add(p50Figure);
			add(p99Figure);
			add(Figure.of(2, subject + " " + at.trim(), "commit→broker p50", result.toBroker().percentileMillis(50),
					"ms"));
			add(Figure.of(2, subject + " " + at.trim(), "commit→broker p99", result.toBroker().percentileMillis(99),
					"ms"));
			add(Figure
				.of(2, subject + " " + at.trim(), "missing of " + result.committed() + " events", result.missing(), "")
				.against("0", result.missing() == 0));
		}
	}

	// 3. Drain a backlog into Kafka, against the same engine merely counting.
	private void catchUp(SampleInstance outbox, TestDatabase database) throws Exception {
		CatchUp.Result result = CatchUp.run(outbox, database, this.kafka.bootstrapServers(), this.settings.backlog());
		String subject = String.format("backlog of %,d events", this.settings.backlog());
		add(Figure.of(3, subject, "relay into Kafka", result.published(), "/s")
			.against("≥ 40,000/s", result.published() >= 40_000));
		add(Figure.of(3, subject, "engine only counting", result.counted(), "/s"));
		double ratio = 100 * result.published() / result.counted();
		add(Figure.of(3, subject, "Kafka vs counting", ratio, "%").against("≥ 80 %", ratio >= 80));
		add(Figure.of(3, subject, "writing the backlog (SQL)", this.settings.backlog() / result.writeSeconds(), "/s"));
	}

	// 4. Sign-up to mail accepted, and mail-relay's throughput into smtp-sink.
	private void mail(SampleInstance outbox) throws Exception {
		TestDatabase ledger = database("bench_mail");
		int mailboxPort = freePort();
		try (TimedMailbox mailbox = new TimedMailbox(mailboxPort);
				MailRelays relay = MailRelays.start("mail-relay-e2e", ledger, this.kafka.bootstrapServers(),
						mailboxPort, this.settings.output(), PARTITIONS)) {
			SignupRequests requests = new SignupRequests(outbox.baseUrl(), "e2e.example.com");
			for (int rate : this.settings.mailRates()) {
				endToEndMail(requests, mailbox, rate);
			}
		}

		int sinkPort = freePort();
		this.smtpPort = sinkPort;
		this.sink = SmtpSink.start(sinkPort, 0);
		DataSource ledgerSource = dataSource(ledger);
		int mails = this.settings.mails();
		// The default (one listener thread) and one thread per partition, in the same
		// run.
		for (int concurrency : new int[] { 1, PARTITIONS }) {
			MailRelays relay = MailRelays.start("mail-relay-sink-" + concurrency, ledger, this.kafka.bootstrapServers(),
					sinkPort, this.settings.output(), concurrency);
			MachineCpu machine = MachineCpu.now();
			Duration cpuBefore = relay.cpuTime();
			double rate = drainMailBacklog(outbox, ledgerSource, mails);
			double cpuMillis = relay.cpuTime().minus(cpuBefore).toNanos() / 1e6;
			String subject = String.format("mail-relay, %d listener thread(s), backlog of %,d, smtp-sink", concurrency,
					mails);
			add(Figure.of(4, subject, "mails", rate, "/s").against("≥ 2,000/s", rate >= 2_000));
			add(Figure.of(4, subject, "mail-relay CPU per mail", cpuMillis * 1000 / mails, "µs"));
			add(Figure.of(4, subject, "machine busy (all processes)", machine.busyPercentSince(), "%"));
			if (this.mailRelay != null) {
				this.mailRelay.close();
			}
			this.mailRelay = relay;
		}
	}

	/** Sign-ups at a steady rate, and when the SMTP server accepted the mail of each. */
	private void endToEndMail(SignupRequests requests, TimedMailbox mailbox, int rate) throws Exception {
		SteadyLoad.run(requests, rate, this.settings.warmup());
		SteadyLoad load = SteadyLoad.run(requests, rate, this.settings.measure());
		try {
			Awaitility.await("mails of the measured sign-ups")
				.atMost(Duration.ofSeconds(120))
				.pollInterval(Duration.ofMillis(100))
				.until(() -> mailbox.acceptedAt().keySet().containsAll(load.sentAt().keySet()));
		}
		catch (org.awaitility.core.ConditionTimeoutException ex) {
			logger.warn("Not every mail arrived within 120 s");
		}
		Latencies endToEnd = new Latencies();
		long missing = 0;
		for (Map.Entry<String, Long> sent : load.sentAt().entrySet()) {
			Long accepted = mailbox.acceptedAt().get(sent.getKey());
			if (accepted == null) {
				missing++;
			}
			else {
				endToEnd.recordNanos(accepted - sent.getValue());
			}
		}
		String subject = "sign-up → mail @" + rate + "/s (GreenMail, " + PARTITIONS + " listener threads)";
		add(Figure.of(4, subject, "p50", endToEnd.percentileMillis(50), "ms"));
		add(Figure.of(4, subject, "p99", endToEnd.percentileMillis(99), "ms"));
		add(Figure.of(4, subject, "missing of " + load.sentAt().size() + " mails", missing, "")
			.against("0", missing == 0));
	}

	/** Writes a backlog of sign-up events and measures how fast their mails are sent. */
	private static double drainMailBacklog(SampleInstance outbox, DataSource ledgerSource, int mails) {
		long before = sentMails(ledgerSource);
		Backlog.write(outbox.context().getBean(DataSource.class), "User", "mail.example.com", mails);
		long[] first = { 0 };
		Awaitility.await(mails + " mails into smtp-sink")
			.atMost(Duration.ofMinutes(10))
			.pollInterval(Duration.ofMillis(20))
			.until(() -> {
				long sent = sentMails(ledgerSource) - before;
				if (sent > 0 && first[0] == 0) {
					first[0] = System.nanoTime();
				}
				return sent >= mails;
			});
		return mails / ((System.nanoTime() - first[0]) / 1e9);
	}

	private SmtpSink sink;

	private MailRelays mailRelay;

	private int smtpPort;

	private static long sentMails(DataSource ledger) {
		return JdbcClient.create(ledger).sql("select count(*) from sent_mail").query(Long.class).single();
	}

	// 5. Sign-ups while SMTP is fast, slow, down: outbox against a send in the request.
	private void smtpTrouble(SampleInstance outbox) throws Exception {
		if (this.sink == null) {
			this.smtpPort = freePort();
			this.sink = SmtpSink.start(this.smtpPort, 0);
		}
		SampleInstance naive = own(SampleInstance.start(database("bench_naive"), this.kafka.bootstrapServers(), false,
				Map.of("bench.smtp-port", this.smtpPort, "logging.level.org.apache.catalina.core", "off"),
				OutboxVariants.MailInRequest.class));
		SignupRequests outboxRequests = new SignupRequests(outbox.baseUrl(), "smtp.example.com");
		SignupRequests naiveRequests = new SignupRequests(naive.baseUrl(), "smtp.example.com");
		int rate = this.settings.outageRate();
		SteadyLoad.run(naiveRequests, rate, this.settings.warmup());
		SteadyLoad.run(outboxRequests, rate, this.settings.warmup());
		double outboxFast = Double.NaN;
		for (String state : List.of("fast", "slow", "down")) {
			this.sink.close();
			this.sink = null;
			if (!state.equals("down")) {
				this.sink = SmtpSink.start(this.smtpPort, state.equals("slow") ? this.settings.smtpDelaySeconds() : 0);
			}
			String label = switch (state) {
				case "fast" -> "SMTP fast";
				case "slow" -> "SMTP slow (" + this.settings.smtpDelaySeconds() + " s/mail)";
				default -> "SMTP down";
			};
			SteadyLoad withOutbox = SteadyLoad.run(outboxRequests, rate, this.settings.measure());
			SteadyLoad inRequest = SteadyLoad.run(naiveRequests, rate, this.settings.measure());
			double outboxP99 = withOutbox.latencies().percentileMillis(99);
			if (state.equals("fast")) {
				outboxFast = outboxP99;
			}
			Figure outboxFigure = Figure.of(5, "outbox", "sign-up p99, " + label, outboxP99, "ms");
			if (!state.equals("fast")) {
				double change = 100 * (outboxP99 - outboxFast) / outboxFast;
				outboxFigure = outboxFigure.against("within 10 % of fast", change <= 10);
			}
			add(outboxFigure);
			add(Figure.of(5, "mail sent in the request", "sign-up p99, " + label,
					inRequest.latencies().percentileMillis(99), "ms"));
			add(Figure.of(5, "outbox", "sign-up p50, " + label, withOutbox.latencies().percentileMillis(50), "ms"));
			add(Figure.of(5, "mail sent in the request", "sign-up p50, " + label,
					inRequest.latencies().percentileMillis(50), "ms"));
			add(Figure.of(5, "outbox", "failed of " + withOutbox.sent() + ", " + label, withOutbox.failed(), ""));
			add(Figure.of(5, "mail sent in the request", "failed of " + inRequest.sent() + ", " + label,
					inRequest.failed(), ""));
		}
	}

	/** Partitions of each topic the benchmark reads. */
	private static final int PARTITIONS = 3;

	private void createTopics() throws Exception {
		try (Admin admin = this.kafka.admin()) {
			Map<String, String> appendTime = Map.of("message.timestamp.type", "LogAppendTime");
			admin
				.createTopics(List.of(
						new NewTopic(SampleInstance.TOPIC_PREFIX + "Latency", PARTITIONS, (short) 1)
							.configs(appendTime),
						new NewTopic(ModulithPeer.TOPIC, PARTITIONS, (short) 1).configs(appendTime),
						new NewTopic(SampleInstance.TOPIC_PREFIX + CatchUp.AGGREGATE, PARTITIONS, (short) 1),
						new NewTopic(SampleInstance.TOPIC_PREFIX + "User", PARTITIONS, (short) 1)))
				.all()
				.get(30, TimeUnit.SECONDS);
		}
	}

	private void awaitLeading(SampleInstance sample) {
		io.github.outbox.relay.OutboxRelay relay = sample.context().getBean(io.github.outbox.relay.OutboxRelay.class);
		Awaitility.await("the relay leading")
			.atMost(Duration.ofMinutes(1))
			.pollInterval(Duration.ofMillis(100))
			.until(relay::isLeader);
	}

	private TestDatabase database(String prefix) {
		TestDatabase database = TestPostgres.createDatabase(prefix);
		this.resources.add(database);
		return database;
	}

	private static DataSource dataSource(TestDatabase database) {
		return new org.springframework.jdbc.datasource.DriverManagerDataSource(database.jdbcUrl(),
				TestPostgres.APP_USER, TestPostgres.APP_PASSWORD);
	}

	private SampleInstance own(SampleInstance sample) {
		this.resources.add(sample);
		return sample;
	}

	private void add(Figure figure) {
		this.report.add(figure);
		logger.info("{} | {} | {} = {} {}", figure.item(), figure.subject(), figure.metric(), figure.formattedValue(),
				figure.unit());
	}

	private void section(int item, String name, Step step) {
		if (!this.settings.runs(item)) {
			return;
		}
		logger.info("=== {} {}", item, name);
		try {
			step.run();
		}
		catch (Exception ex) {
			logger.error("Benchmark section '{}' failed; its figures are missing", name, ex);
		}
	}

	private void close() {
		List<AutoCloseable> all = new ArrayList<>();
		all.add(this.mailRelay);
		all.add(this.sink);
		for (int i = this.resources.size() - 1; i >= 0; i--) {
			all.add(this.resources.get(i));
		}
		for (AutoCloseable resource : all) {
			if (resource == null) {
				continue;
			}
			try {
				resource.close();
			}
			catch (Exception ex) {
				logger.warn("Could not close {}", resource, ex);
			}
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

	@FunctionalInterface
	private interface Step {

		void run() throws Exception;

	}

	/** The event of the commit-to-Kafka measurement. */
	record LatencyProbe(String id, String email) {
	}

}
