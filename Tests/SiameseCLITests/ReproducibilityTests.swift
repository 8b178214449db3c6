import Foundation
import Testing

/// Two runs of the built program at the default thread count (2), each with its own cache,
/// write the same bytes. Child processes, because the thread count is process-wide and every
/// in-process run of the tests uses one thread.
@Suite(.enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
struct ReproducibilityTests {
  static let twoThreads = CLIFixture.tinyConfiguration.replacingOccurrences(
    of: #""threads": 1"#, with: #""threads": 2"#)

  @Test func twoThreadRunsWriteTheSameBytes() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    #expect(Self.twoThreads.contains(#""threads": 2"#))
    let config = try fixture.writeConfiguration(Self.twoThreads)
    let folders = ["one", "two"].map {
      fixture.root.appendingPathComponent("\($0)/reports/phantoms")
    }
    for folder in folders {
      let result = try Executable.run(
        ["run", "--config", config, "--data", fixture.data.path, "--out", folder.path],
        in: fixture.root)
      try #require(result.status == 0, "stderr: \(result.stderr)")
      #expect(result.stderr.contains("with 2 threads"), "stderr: \(result.stderr)")
    }

    let figures = try FileManager.default.contentsOfDirectory(
      atPath: folders[0].appendingPathComponent("figures").path
    ).sorted().map { "figures/" + $0 }
    #expect(!figures.isEmpty)
    for name in ["model/weights.safetensors", "model/prototypes.safetensors", "split.csv"]
      + figures
    {
      #expect(
        try Data(contentsOf: folders[0].appendingPathComponent(name))
          == Data(contentsOf: folders[1].appendingPathComponent(name)), "\(name) differs")
    }
    let metrics = try folders.map { try InterruptionTests().metricsWithoutTiming($0) }
    #expect(metrics[0] == metrics[1], "metrics.json differs outside the timing fields")
    let reports = try folders.map { folder in
      let text = try String(
        contentsOf: folder.appendingPathComponent("report.md"), encoding: .utf8)
      return String(text[..<(text.range(of: ". Run information\n")?.lowerBound ?? text.endIndex)])
    }
    #expect(reports[0] == reports[1], "report.md differs before Run information")
  }
}
