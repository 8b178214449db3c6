import Foundation
import Phantoms
import Pipeline
import Reporting
import SiameseEngine

/// What a finished run produced.
public struct RunOutcome: Sendable {
  public let reportFolder: URL
  /// stages in order: run, reused (or stale, for `status`), with the reason
  public let stages: [StageRecord]
  /// whether the report folder was rewritten (false when every stage was reused)
  public let reportWritten: Bool
}

/// Runs a whole study: data → split → pairs → (training) → evaluation → figures → report.
public enum StudyRunner {
  /// Runs or reuses every stage and writes the report folder atomically: it is replaced only
  /// when the new report is complete, so a failed or interrupted run leaves the old one intact.
  public static func run(_ request: RunRequest, log: Log) throws -> RunOutcome {
    let started = Date()
    // The configuration may come from code rather than a checked file; a bad value must stop
    // the run here with its key, not crash a stage.
    try request.configuration.validate(file: request.configurationName)
    let locations = try RunLocations.resolve(request)
    let lock = try RunLock(
      reportFolder: locations.outputFolder, cacheFolder: locations.cacheFolder)
    defer { withExtendedLifetime(lock) {} }
    let blas = BLASRuntime.configure(threads: request.configuration.threads)
    log.info(
      "BLAS: OpenBLAS core \(blas.core) with \(Format.count(blas.threads, "thread"))"
        + (blas.detectedCore != blas.core ? " (OpenBLAS had picked \(blas.detectedCore))" : ""))
    if locations.synthetic {
      try ensureDemoData(at: locations.dataFolder, request.configuration, log: log)
    }

    let cache = try StageCache(root: locations.cacheFolder.appendingPathComponent("stages"))
    let forced = try forcedStages(request.forcedStages)
    let runner = StageRunner(
      cache: cache, forced: forced, log: log,
      previousKeys: StageKeyRecord.load(from: locations.stateFolder))
    let pipeline = StudyPipeline(
      request: request, locations: locations, runner: runner, log: log)
    let products = try pipeline.execute()

    let reportFolder = try pipeline.report(
      products, started: started, blas: blas, previous: PreviousReport.load(locations.outputFolder))
    let written = try publish(
      reportFolder: reportFolder, to: locations.outputFolder, log: log)
    try StageKeyRecord.save(runner.keys, to: locations.stateFolder)
    let pruned = cache.prune(
      keepLatest: cacheEntriesKept, protected: StageKeyRecord.digestsOfEveryReport(locations))
    if pruned > 0 {
      log.info("cache: removed " + Format.count(pruned, "old entry", plural: "old entries"))
    }
    return RunOutcome(
      reportFolder: locations.outputFolder, stages: runner.records, reportWritten: written)
  }

  /// Cache entries kept per stage: a Koch training entry alone is about 270 MB, so the cache
  /// keeps the most recent few, enough to switch between some parameter settings without
  /// retraining.
  static let cacheEntriesKept = 4

  /// Says which stages are up to date and why the others are stale, without running any.
  public static func status(_ request: RunRequest, log: Log) throws -> [StageRecord] {
    try request.configuration.validate(file: request.configurationName)
    let locations = try RunLocations.resolve(request)
    let cache = try StageCache(root: locations.cacheFolder.appendingPathComponent("stages"))
    let runner = StageRunner(
      cache: cache, forced: try forcedStages(request.forcedStages), log: log, dryRun: true,
      previousKeys: StageKeyRecord.load(from: locations.stateFolder))
    if locations.synthetic && !FileManager.default.fileExists(atPath: locations.dataFolder.path) {
      return StageName.allCases.map {
        StageRecord(
          name: $0.rawValue, action: "stale", reason: "demo data not generated yet", seconds: 0,
          key: "")
      }
    }
    let pipeline = StudyPipeline(
      request: request, locations: locations, runner: runner, log: log)
    try pipeline.checkStatus()
    return runner.records
  }

  static func forcedStages(_ names: Set<String>) throws(StudyError) -> Set<StageName> {
    if names.contains("all") { return Set(StageName.allCases) }
    var result = Set<StageName>()
    for name in names.sorted() {
      guard let stage = StageName(rawValue: name) else {
        throw .badConfiguration(
          file: "--force",
          reason: "unknown stage '\(name)'; stages are: "
            + (StageName.allCases.map(\.rawValue) + ["all"]).joined(separator: ", "))
      }
      result.insert(stage)
    }
    return result
  }

  /// The demo set's own seed, fixed so that `--seed` changes the study, not the data.
  static let demoSeed: UInt64 = 1

  /// Generates the phantom set once; later runs reuse the folder (its files are fingerprinted
  /// like any dataset's, so a damaged demo folder shows up as changed data).
  static func ensureDemoData(at folder: URL, _ configuration: StudyConfiguration, log: Log) throws {
    let marker = folder.appendingPathComponent(".complete")
    if FileManager.default.fileExists(atPath: marker.path) { return }
    let timer = log.stage("demo data", "generating synthetic phantoms")
    let staging = folder.deletingLastPathComponent().appendingPathComponent(
      ".tmp-" + folder.lastPathComponent + "-\(getpid())")
    try? FileManager.default.removeItem(at: staging)
    try Phantoms.writeDataset(
      to: staging, perClass: configuration.demo.imagesPerClass, seed: demoSeed)
    try Data().write(to: staging.appendingPathComponent(".complete"))
    try? FileManager.default.removeItem(at: folder)
    try FileManager.default.moveItem(at: staging, to: folder)
    timer.finish("\(configuration.demo.imagesPerClass) images per class")
  }

  /// Copies the report stage's folder into the output folder through a staging folder, unless
  /// the output folder already holds exactly that report.
  static func publish(reportFolder: URL, to destination: URL, log: Log) throws -> Bool {
    let stamp = reportFolder.appendingPathComponent(ReportStamp.fileName)
    let current = destination.appendingPathComponent(ReportStamp.fileName)
    if let new = try? Data(contentsOf: stamp), let old = try? Data(contentsOf: current), new == old
    {
      log.info("report unchanged: \(destination.path)")
      return false
    }
    try FileManager.default.createDirectory(
      at: destination.deletingLastPathComponent(), withIntermediateDirectories: true)
    let output = try OutputDirectory(destination: destination)
    do {
      try copyContents(of: reportFolder, into: output.staging)
      try Interruption.check()
      try output.commit()
    } catch {
      output.discard()
      throw error
    }
    log.info("report: \(destination.appendingPathComponent("report.html").path)")
    return true
  }

  /// Copies the files of `source` into `destination`; files under a folder named `model`
  /// become hard links where the file system allows. Cache entries are never written after
  /// they are complete, so a link costs no safety, and it saves a model's 136 MB twice per run
  /// (report entry and report folder). The report's own text and figures are copied, so that
  /// editing them in the report folder cannot touch the cache.
  static func copyContents(of source: URL, into destination: URL, linking: Bool = false)
    throws
  {
    let manager = FileManager.default
    try manager.createDirectory(at: destination, withIntermediateDirectories: true)
    for name in try manager.contentsOfDirectory(atPath: source.path) {
      let from = source.appendingPathComponent(name)
      let to = destination.appendingPathComponent(name)
      var isFolder: ObjCBool = false
      _ = manager.fileExists(atPath: from.path, isDirectory: &isFolder)
      if isFolder.boolValue {
        try copyContents(of: from, into: to, linking: linking || name == "model")
      } else if !linking || (try? manager.linkItem(at: from, to: to)) == nil {
        try manager.copyItem(at: from, to: to)
      }
    }
  }
}

/// The stage keys of a report's last finished run, kept in its state folder, so that the next
/// run says what changed since then rather than since some other report's run.
enum StageKeyRecord {
  static func url(_ stateFolder: URL) -> URL {
    stateFolder.appendingPathComponent("stage-keys.json")
  }

  static func load(from stateFolder: URL) -> [String: StageKey] {
    guard let data = try? Data(contentsOf: url(stateFolder)) else { return [:] }
    return (try? JSONDecoder().decode([String: StageKey].self, from: data)) ?? [:]
  }

  /// Digests of the entries the last run of each report in this cache used, which pruning
  /// keeps: a few quick runs of one report must not evict another report's training.
  static func digestsOfEveryReport(_ locations: RunLocations) -> Set<String> {
    let reports = locations.stateFolder.deletingLastPathComponent()
    let names = (try? FileManager.default.contentsOfDirectory(atPath: reports.path)) ?? []
    return Set(
      names.flatMap { name in
        load(from: reports.appendingPathComponent(name)).values.map(\.digest)
      })
  }

  static func save(_ keys: [String: StageKey], to stateFolder: URL) throws {
    try FileManager.default.createDirectory(at: stateFolder, withIntermediateDirectories: true)
    let encoder = JSONEncoder()
    encoder.outputFormatting = [.sortedKeys]
    try writeAtomically(encoder.encode(keys), to: url(stateFolder))
  }
}

/// The key of the report a folder holds, written beside it, so that a run whose report stage
/// was reused knows whether the output folder already holds that report.
enum ReportStamp {
  static let fileName = ".report-key"
}
