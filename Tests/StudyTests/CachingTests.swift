import Foundation
import Imaging
import Phantoms
import Study
import Testing

/// Issue 5: a rerun runs exactly the stages whose inputs changed.
@Suite(.serialized) struct CachingTests {
  @Test func unchangedRerunRunsNoStage() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let before = try Data(contentsOf: fixture.output.appendingPathComponent("report.md"))

    let second = try fixture.run()
    #expect(second.stages.first?.name == "scan")
    let after = second.stages.dropFirst()
    #expect(after.count == StageName.allCases.count - 1)
    #expect(after.allSatisfy { $0.action == "reused" }, "stages: \(second.stages)")
    #expect(!second.reportWritten)
    #expect(try Data(contentsOf: fixture.output.appendingPathComponent("report.md")) == before)
  }

  @Test func changingTheTrialCountRerunsOnlyEvaluationAndAfter() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()

    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.trials = 150
    let second = try fixture.run(configuration)
    #expect(second.ran == ["evaluation", "figures", "report"], "stages: \(second.stages)")
    let evaluation = try #require(second.stages.first { $0.name == "evaluation" })
    #expect(evaluation.reason.contains("nway"), "reason: \(evaluation.reason)")
    #expect(second.reportWritten)
    let metrics = try ReportFiles.json(second.reportFolder, "metrics.json")
    let rows = try #require(metrics["nway"] as? [[String: Any]])
    #expect(rows.allSatisfy { $0["trials"] as? Int == 150 })
  }

  @Test func editingTheTemplateRerunsOnlyTheReport() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    let builtIn = try ReportTemplate.builtIn()
    try fixture.run(template: builtIn)

    let edited = ReportTemplate(
      text: builtIn.text + "\nA sentence the lead added to the narrative.\n", source: "edited.md")
    let second = try fixture.run(template: edited)
    #expect(second.ran == ["report"], "stages: \(second.stages)")
    let markdown = try ReportFiles.text(second.reportFolder, "report.md")
    #expect(markdown.contains("A sentence the lead added to the narrative."))
  }

  @Test func anImageAddedToTheTestSplitLeavesTrainingCached() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let splitBefore = try ReportFiles.splitOfFile(fixture.output)

    // Where a new file lands depends only on the hash of its name and the seed; try names
    // until one lands in test (each try that lands elsewhere is removed again).
    let normal = fixture.data.appendingPathComponent("Normal")
    let png = try PNGWriter.encode(Phantoms.image(className: "Normal", index: 100, seed: 7))
    var landed: (name: String, outcome: RunOutcome)?
    for attempt in 1...6 {
      let name = "Normal-added-\(attempt).png"
      try Data(png).write(to: normal.appendingPathComponent(name))
      let outcome = try fixture.run()
      let split = try ReportFiles.splitOfFile(fixture.output)
      if split["Normal/" + name] == "test" {
        landed = (name, outcome)
        break
      }
      try FileManager.default.removeItem(at: normal.appendingPathComponent(name))
    }
    let (name, outcome) = try #require(landed, "no added image landed in the test split")

    let splitAfter = try ReportFiles.splitOfFile(fixture.output)
    #expect(splitAfter.count == splitBefore.count + 1)
    for (file, split) in splitBefore {
      #expect(
        splitAfter[file] == split, "\(file) moved from \(split) to \(splitAfter[file] ?? "-")")
    }
    #expect(outcome.actions["training"] == "reused", "stages: \(outcome.stages)")
    #expect(outcome.actions["preprocess"] == "run")
    #expect(outcome.actions["evaluation"] == "run")
    let scan = try #require(outcome.stages.first)
    #expect(scan.reason.contains("1 added"), "scan reason: \(scan.reason)")
    let markdown = try ReportFiles.text(fixture.output, "report.md")
    #expect(markdown.contains("Changes since the previous run"))
    _ = name
  }

  @Test func switchingToASelfContainedPageRerunsOnlyTheReport() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()

    let second = try fixture.run(selfContained: true)
    #expect(second.ran == ["report"], "stages: \(second.stages)")
    let html = try ReportFiles.text(second.reportFolder, "report.html")
    #expect(html.contains("src=\"data:image/png;base64,"))
    #expect(!html.contains("src=\"figures/"))
  }

  @Test func forcingPairsRerunsPairsAndItsDependents() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()

    let status = try StudyRunner.status(fixture.request(forced: ["pairs"]), log: Log(quiet: true))
    let states = Dictionary(uniqueKeysWithValues: status.map { ($0.name, $0.action) })
    #expect(states["training"] == "reused", "\(status)")
    for stage in ["pairs", "figures", "report"] {
      #expect(states[stage] == "stale", "\(stage): \(status)")
    }

    let second = try fixture.run(forced: ["pairs"])
    #expect(second.ran == ["pairs", "figures", "report"], "stages: \(second.stages)")
    #expect(second.stages.first { $0.name == "pairs" }?.reason == "forced (--force)")
  }

  @Test func unknownForcedStageIsRefused() throws {
    let fixture = try StudyFixture(perClass: 1)
    defer { fixture.remove() }
    do {
      try fixture.run(forced: ["pears"])
      Issue.record("--force pears must be refused")
    } catch let error as StudyError {
      #expect(error.description.contains("unknown stage 'pears'"))
    }
  }

  @Test func statusReportsStaleStagesWithoutRunningThem() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let report = fixture.output.appendingPathComponent("report.md")
    let before = try Data(contentsOf: report)
    let modified = try FileManager.default.attributesOfItem(atPath: report.path)[.modificationDate]
    let evaluationEntries = try entries(fixture.cache, stage: "evaluation")

    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.trials = 120
    let records = try StudyRunner.status(fixture.request(configuration), log: Log(quiet: true))
    let action = Dictionary(uniqueKeysWithValues: records.map { ($0.name, $0.action) })
    for stage in ["preprocess", "split", "pairs", "training"] {
      #expect(action[stage] == "reused", "\(stage): \(records)")
    }
    #expect(action["evaluation"] == "stale", "\(records)")
    for stage in ["figures", "report"] {
      #expect(action[stage] == "pending", "\(stage): \(records)")
    }
    let evaluation = try #require(records.first { $0.name == "evaluation" })
    #expect(evaluation.reason.contains("nway"), "reason: \(evaluation.reason)")

    #expect(try Data(contentsOf: report) == before)
    let after = try FileManager.default.attributesOfItem(atPath: report.path)[.modificationDate]
    #expect(after as? Date == modified as? Date)
    #expect(try entries(fixture.cache, stage: "evaluation") == evaluationEntries)

    let unchanged = try StudyRunner.status(fixture.request(), log: Log(quiet: true))
    #expect(unchanged.dropFirst().allSatisfy { $0.action == "reused" }, "\(unchanged)")
  }

  /// Files are hashed once: a rerun rehashes only a file whose size, time or inode changed.
  /// File times are set a day back, since a file modified within two seconds of being hashed
  /// is rehashed on purpose (its time may not yet tell a later edit apart).
  @Test func rerunsHashOnlyNewFiles() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try StudyFixture.ageFiles(in: fixture.data)
    let total = 4 * StudyFixture.perClass + 1
    let first = try fixture.run()
    #expect(first.stages.first?.reason == "\(total) files, \(total) hashed")

    let second = try fixture.run()
    #expect(second.stages.first?.reason == "\(total) files, 0 hashed")

    let added = fixture.data.appendingPathComponent("Virus/Virus-copy.png")
    try FileManager.default.copyItem(
      at: fixture.data.appendingPathComponent("Normal/Normal-002.png"), to: added)
    try FileManager.default.setAttributes(
      [.modificationDate: Date().addingTimeInterval(-86_400)], ofItemAtPath: added.path)
    let third = try fixture.run()
    let reason = try #require(third.stages.first?.reason)
    #expect(reason.hasPrefix("\(total + 1) files, 1 hashed"), "scan: \(reason)")
    #expect(reason.contains("1 added, 0 removed, 0 changed"), "scan: \(reason)")
  }

  /// `status` only looks: asking twice gives the same answer, and the run after it still
  /// reports what changed since the last run.
  @Test func statusDoesNotForgetWhatChangedSinceTheLastRun() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let added = fixture.data.appendingPathComponent("Normal/Normal-extra.png")
    try FileManager.default.copyItem(
      at: fixture.data.appendingPathComponent("Normal/Normal-002.png"), to: added)

    for _ in 1...2 {
      let records = try StudyRunner.status(fixture.request(), log: Log(quiet: true))
      let scan = try #require(records.first)
      #expect(scan.reason.contains("1 added"), "status scan: \(scan.reason)")
      #expect(records.first { $0.name == "preprocess" }?.action == "stale")
    }
    let run = try fixture.run()
    #expect(run.stages.first?.reason.contains("1 added") == true, "\(run.stages.first!)")
  }

  @Test func corruptedCacheEntryIsRecomputed() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    let metrics = try Data(contentsOf: fixture.output.appendingPathComponent("metrics.json"))

    let digests = try entries(fixture.cache, stage: "preprocess")
    try #require(digests.count == 1)
    let output = fixture.cache.appendingPathComponent("stages/preprocess")
      .appendingPathComponent(digests[0]).appendingPathComponent("output")
    let pixels = output.appendingPathComponent("pixels.f32")
    let original = try Data(contentsOf: pixels)
    var damaged = original
    damaged[damaged.count / 2] ^= 0xFF
    try damaged.write(to: pixels)

    let second = try fixture.run()
    let preprocess = try #require(second.stages.first { $0.name == "preprocess" })
    #expect(preprocess.action == "run")
    #expect(preprocess.reason.contains("damaged"), "reason: \(preprocess.reason)")
    #expect(try Data(contentsOf: pixels) == original)
    for stage in ["split", "pairs", "training", "evaluation", "figures", "report"] {
      #expect(second.actions[stage] == "reused", "\(stage): \(second.stages)")
    }
    #expect(try Data(contentsOf: fixture.output.appendingPathComponent("metrics.json")) == metrics)
  }

  /// The model's weights are stored once for the evaluation entry, the report entry and the
  /// report folder (hard links), not three times; the report's text is a copy, and editing it
  /// in place is refused on the next run rather than silently lost.
  @Test func reportFolderSharesTheCachedWeightsAndKeepsAnEdit() throws {
    let fixture = try StudyFixture()
    defer { fixture.remove() }
    try fixture.run()
    func links(_ name: String) throws -> Int {
      let path = fixture.output.appendingPathComponent(name).path
      return try FileManager.default.attributesOfItem(atPath: path)[.referenceCount] as? Int ?? 0
    }
    #expect(try links("model/weights.safetensors") >= 3)
    #expect(try links("report.md") == 1)

    let report = fixture.output.appendingPathComponent("report.md")
    let handle = try FileHandle(forWritingTo: report)
    try handle.seekToEnd()
    try handle.write(contentsOf: Data("\nedited in place\n".utf8))
    try handle.close()
    var configuration = StudyFixture.tinyConfiguration
    configuration.nway.trials = 110
    do {
      try fixture.run(configuration)
      Issue.record("the run replaced an edited report.md")
    } catch let error as StudyError {
      #expect(error.description.contains("report.md changed since the run that wrote it"))
    }
    #expect(try ReportFiles.text(fixture.output, "report.md").contains("edited in place"))

    try FileManager.default.removeItem(at: report)
    let rerun = try fixture.run(configuration)
    #expect(rerun.ran == ["evaluation", "figures", "report"], "stages: \(rerun.stages)")
  }

  /// Digest folders of one stage in the cache, sorted, without temporaries.
  func entries(_ cache: URL, stage: String) throws -> [String] {
    let folder = cache.appendingPathComponent("stages").appendingPathComponent(stage)
    return try FileManager.default.contentsOfDirectory(atPath: folder.path)
      .filter { !$0.hasPrefix(".") && !$0.hasSuffix(".json") }.sorted()
  }
}
