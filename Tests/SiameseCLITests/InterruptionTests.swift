import Foundation
import TestSupport
import Testing

/// Issue 5: SIGTERM during training stops the program with 143, leaves the previous report as it
/// was, and the next run finishes with the same result as a run never interrupted.
@Suite(
  .serialized,
  .enabled(if: Executable.url != nil, Comment(rawValue: Executable.missingReason)))
struct InterruptionTests {
  /// Training long enough (1,200 steps of the small tower on 64 × 64 images, a few seconds)
  /// that SIGTERM arrives while it runs; patience is high so early stopping cannot end it first.
  static let longConfiguration = """
    {"threads": 1, "preprocessing": {"size": 64}, "split": {"train": 4, "validation": 4},
     "pairs": {"batchSize": 30},
     "training": {"network": "small", "maxEpochs": 60, "stepsPerEpoch": 20,
                  "validationPairs": 20, "stopPatience": 100, "reducePatience": 100},
     "nway": {"ways": [2, 5], "trials": 100}}
    """

  @Test func sigtermDuringTrainingKeepsThePreviousReportAndTheRerunMatches() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let quick = try fixture.writeConfiguration(CLIFixture.tinyConfiguration, name: "quick.json")
    let long = try fixture.writeConfiguration(Self.longConfiguration, name: "long.json")
    let data = fixture.data.path
    let output = fixture.output.path

    let previous = try Executable.run(
      ["run", "--config", quick, "--data", data, "--out", output], in: fixture.root)
    try #require(previous.status == 0, "stderr: \(previous.stderr)")
    let before = try FolderSnapshot.files(in: fixture.output)
    let trainingCache = fixture.root.appendingPathComponent(
      "reports/.siamese-cache/stages/training")
    let entriesBefore = try FileManager.default.contentsOfDirectory(atPath: trainingCache.path)
      .filter { $0 != "latest.json" }.sorted()

    let child = try Executable.Child(
      ["run", "--config", long, "--data", data, "--out", output], in: fixture.root)
    let deadline = Date().addingTimeInterval(30)
    while !child.stderr.contains("▸ training") && child.process.isRunning && Date() < deadline {
      usleep(20_000)
    }
    try #require(child.process.isRunning, "the run ended before training: \(child.stderr)")
    // Into training, not at its first line.
    usleep(300_000)
    kill(child.process.processIdentifier, SIGTERM)
    let status = child.wait()
    #expect(status == 143, "stderr: \(child.stderr)")
    #expect(child.stderr.contains("interrupted by SIGTERM"), "stderr: \(child.stderr)")
    #expect(try FolderSnapshot.files(in: fixture.output) == before, "the previous report folder changed")
    // Neither a finished nor a half-written entry for the interrupted training.
    let entriesAfter = try FileManager.default.contentsOfDirectory(atPath: trainingCache.path)
      .filter { $0 != "latest.json" }.sorted()
    #expect(entriesAfter == entriesBefore)

    let resumed = try Executable.run(
      ["run", "--config", long, "--data", data, "--out", output], in: fixture.root)
    try #require(resumed.status == 0, "stderr: \(resumed.stderr)")
    #expect(resumed.stderr.contains("· preprocess: reused"), "stderr: \(resumed.stderr)")

    let fresh = fixture.root.appendingPathComponent("fresh/reports/phantoms")
    let uninterrupted = try Executable.run(
      ["run", "--config", long, "--data", data, "--out", fresh.path], in: fixture.root)
    try #require(uninterrupted.status == 0, "stderr: \(uninterrupted.stderr)")

    #expect(try metricsWithoutTiming(fixture.output) == metricsWithoutTiming(fresh))
    #expect(
      try Data(contentsOf: fixture.output.appendingPathComponent("model/weights.safetensors"))
        == Data(contentsOf: fresh.appendingPathComponent("model/weights.safetensors")))
  }

  /// An image rewritten while the run trains: the run must fail naming it rather than publish
  /// a report for bytes it no longer has, and the next run must see the change.
  @Test func imageChangedDuringTheRunFailsTheRunNamingIt() throws {
    let fixture = try CLIFixture()
    defer { fixture.remove() }
    let long = try fixture.writeConfiguration(Self.longConfiguration, name: "long.json")
    let arguments = [
      "run", "--config", long, "--data", fixture.data.path, "--out",
      fixture.output.path,
    ]

    let child = try Executable.Child(arguments, in: fixture.root)
    let deadline = Date().addingTimeInterval(30)
    while !child.stderr.contains("▸ training") && child.process.isRunning && Date() < deadline {
      usleep(20_000)
    }
    try #require(child.process.isRunning, "the run ended before training: \(child.stderr)")
    let changed = fixture.data.appendingPathComponent("Normal/Normal-005.png")
    let other = try Data(contentsOf: fixture.data.appendingPathComponent("Virus/Virus-009.png"))
    try other.write(to: changed)
    let status = child.wait()
    #expect(status == 1, "stderr: \(child.stderr)")
    #expect(child.stderr.contains("Normal/Normal-005.png"), "stderr: \(child.stderr)")
    #expect(!FileManager.default.fileExists(atPath: fixture.output.path))

    let again = try Executable.run(arguments, in: fixture.root)
    #expect(again.status == 0, "stderr: \(again.stderr)")
    #expect(again.stderr.contains("1 changed"), "stderr: \(again.stderr)")
    #expect(again.stderr.contains("▸ preprocess"), "stderr: \(again.stderr)")
  }

  /// metrics.json without training.seconds and training.pairsPerSecond, in canonical form.
  func metricsWithoutTiming(_ folder: URL) throws -> Data {
    let data = try Data(contentsOf: folder.appendingPathComponent("metrics.json"))
    var metrics = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
    var training = try #require(metrics["training"] as? [String: Any])
    training["seconds"] = nil
    training["pairsPerSecond"] = nil
    metrics["training"] = training
    return try JSONSerialization.data(withJSONObject: metrics, options: [.sortedKeys])
  }
}
