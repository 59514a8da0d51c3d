package io.github.outbox.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.CategoryChart;
import org.knowm.xchart.CategoryChartBuilder;
import org.knowm.xchart.style.Styler;

import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/** The figures of a run: a table on the console, a JSON document and a chart. */
final class Report {

	private final List<Figure> figures = new ArrayList<>();

	void add(Figure figure) {
		this.figures.add(figure);
	}

	List<Figure> figures() {
		return List.copyOf(this.figures);
	}

	void print(PrintStream out) {
		String format = "%-2s %-52s %-24s %14s %-5s %-22s %s%n";
		out.printf(format, "#", "subject", "metric", "value", "unit", "target", "met");
		for (Figure figure : this.figures) {
			out.printf(format, figure.item(), figure.subject(), figure.metric(), figure.formattedValue(), figure.unit(),
					(figure.target() != null) ? figure.target() : "",
					(figure.met() == null) ? "" : (figure.met() ? "yes" : "NO"));
		}
	}

	/** The table in Markdown, for docs/performance.md. */
	String markdown() {
		StringBuilder table = new StringBuilder(
				"| # | subject | metric | value | unit | target | met |\n| ---: | --- | --- | ---: | --- | --- | --- |\n");
		for (Figure figure : this.figures) {
			table.append("| ")
				.append(figure.item())
				.append(" | ")
				.append(figure.subject())
				.append(" | ")
				.append(figure.metric())
				.append(" | ")
				.append(figure.formattedValue())
				.append(" | ")
				.append(figure.unit())
				.append(" | ")
				.append((figure.target() != null) ? figure.target() : "")
				.append(" | ")
				.append((figure.met() == null) ? "" : (figure.met() ? "yes" : "**no**"))
				.append(" |\n");
		}
		return table.toString();
	}

	void writeJson(Path file, BenchSettings settings) throws IOException {
		Map<String, Object> document = new LinkedHashMap<>();
		Map<String, Object> machine = new LinkedHashMap<>();
		machine.put("cores", Runtime.getRuntime().availableProcessors());
		machine.put("memoryBytes",
				((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
					.getTotalMemorySize());
		machine.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.runtime.version"));
		machine.put("jit", Jit.describe());
		machine.put("jvmArguments", ManagementFactory.getRuntimeMXBean().getInputArguments());
		document.put("machine", machine);
		Map<String, Object> run = new LinkedHashMap<>();
		run.put("items", settings.only().stream().sorted().toList());
		run.put("warmupWindowSeconds", settings.warmup().toSeconds());
		run.put("warmupTolerancePercent", settings.warmupTolerance());
		run.put("warmupMaxWindows", settings.warmupMaxWindows());
		run.put("measureSeconds", settings.measure().toSeconds());
		run.put("clients", settings.clients());
		run.put("lightRate", settings.lightRate());
		run.put("heavyRate", settings.heavyRate());
		run.put("backlog", settings.backlog());
		run.put("mails", settings.mails());
		run.put("mailRates", settings.mailRates());
		run.put("outageRate", settings.outageRate());
		run.put("outageRequests", settings.outageRequests());
		run.put("smtpDelaySeconds", settings.smtpDelaySeconds());
		run.put("idlePollIntervalsMillis", settings.idlePollIntervals());
		run.put("outbox", settings.outbox());
		document.put("settings", run);
		document.put("figures", this.figures);
		Files.createDirectories(file.getParent());
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(file.toFile(), document);
	}

	/**
	 * Three panels: write-path throughput, commit-to-Kafka latency against the peer, and
	 * sign-up p99 with SMTP fast, slow and down.
	 */
	void writeChart(Path file) throws IOException {
		List<CategoryChart> charts = new ArrayList<>();
		charts.add(chart("1. Sign-ups/s (closed loop)", "sign-ups/s", false,
				(f) -> f.item() == 1 && f.metric().equals("throughput"), List.of("throughput")));
		charts.add(chart("2. Commit to consumer, ms (log)", "ms", true,
				(f) -> f.item() == 2 && f.metric().startsWith("commit→consumer"),
				List.of("commit→consumer p50", "commit→consumer p99")));
		charts.add(chart("5. Sign-up p99, ms (log), by SMTP state", "ms", true,
				(f) -> f.item() == 5 && f.metric().startsWith("sign-up p99"), null));
		Files.createDirectories(file.getParent());
		BitmapEncoder.saveBitmap(new ArrayList<>(charts), 1, charts.size(), file.toString(),
				BitmapEncoder.BitmapFormat.PNG);
	}

	/**
	 * A bar chart of the selected figures: one series per metric, one category per
	 * subject; without metrics (panel 5) one series per subject's first word, one
	 * category per metric.
	 */
	private CategoryChart chart(String title, String axis, boolean log, Predicate<Figure> selected,
			List<String> metrics) {
		CategoryChart chart = new CategoryChartBuilder().width(560).height(460).title(title).yAxisTitle(axis).build();
		chart.getStyler().setLegendPosition(Styler.LegendPosition.InsideNW);
		chart.getStyler().setYAxisLogarithmic(log);
		if (log) {
			// XChart's bars start at the axis minimum, which a log axis needs above zero
			chart.getStyler().setYAxisMin(1.0);
		}
		chart.getStyler().setXAxisLabelRotation(20);
		chart.getStyler().setChartTitleFont(chart.getStyler().getChartTitleFont().deriveFont(13f));
		List<Figure> chosen = this.figures.stream().filter(selected).filter((f) -> !Double.isNaN(f.value())).toList();
		if (chosen.isEmpty()) {
			chart.addSeries("no data", List.of("none"), List.of(1));
			return chart;
		}
		if (metrics != null) {
			List<String> subjects = chosen.stream().map(Figure::subject).distinct().toList();
			for (String metric : metrics) {
				List<Number> values = new ArrayList<>();
				for (String subject : subjects) {
					values.add(chosen.stream()
						.filter((f) -> f.subject().equals(subject) && f.metric().equals(metric))
						.map((f) -> (Number) Math.max(f.value(), 1.0))
						.findFirst()
						.orElse(null));
				}
				chart.addSeries(metric, subjects, values);
			}
		}
		else {
			List<String> categories = chosen.stream().map(Figure::metric).distinct().toList();
			for (String subject : chosen.stream().map(Figure::subject).distinct().toList()) {
				List<Number> values = new ArrayList<>();
				for (String category : categories) {
					values.add(chosen.stream()
						.filter((f) -> f.subject().equals(subject) && f.metric().equals(category))
						.map((f) -> (Number) Math.max(f.value(), 1.0))
						.findFirst()
						.orElse(null));
				}
				chart.addSeries(subject, categories, values);
			}
		}
		return chart;
	}

}
