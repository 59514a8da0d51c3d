package io.github.outbox.bench;

import java.lang.management.ManagementFactory;
import java.util.List;

import com.sun.management.HotSpotDiagnosticMXBean;

/**
 * The JIT this JVM compiles with: the full tiered JIT (C2), as production runs, or C1
 * only ({@code -XX:TieredStopAtLevel=1}). mail-relay's JVM is started with the same.
 */
final class Jit {

	private Jit() {
	}

	static int tieredStopAtLevel() {
		HotSpotDiagnosticMXBean hotSpot = ManagementFactory.getPlatformMXBean(HotSpotDiagnosticMXBean.class);
		return Integer.parseInt(hotSpot.getVMOption("TieredStopAtLevel").getValue());
	}

	static boolean c1Only() {
		return tieredStopAtLevel() < 4;
	}

	/** e.g. "C2 (full tiered JIT)", for the report. */
	static String describe() {
		return c1Only() ? "C1 only (-XX:TieredStopAtLevel=" + tieredStopAtLevel() + ")" : "C2 (full tiered JIT)";
	}

	/** The options a child JVM needs to compile as this one does. */
	static List<String> childOptions() {
		return c1Only() ? List.of("-XX:TieredStopAtLevel=" + tieredStopAtLevel()) : List.of();
	}

}
