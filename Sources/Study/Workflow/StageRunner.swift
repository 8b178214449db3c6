import Foundation
import Pipeline

/// The stages of a study, in the order they run, with what each depends on.
public enum StageName: String, CaseIterable, Sendable {
  case scan, preprocess, split, pairs, training, evaluation, figures, report

  /// Stages whose outputs this stage reads.
  var upstream: [StageName] {
    switch self {
    case .scan: return []
    case .preprocess: return [.scan]
    case .split: return [.preprocess]
    case .pairs: return [.split]
    case .training: return [.preprocess, .split]
    case .evaluation: return [.preprocess, .split, .training]
    case .figures: return [.preprocess, .split, .pairs, .training, .evaluation]
    case .report: return [.figures]
    }
  }

  /// This stage and every stage that depends on it, directly or not.
  static func withDependents(_ names: Set<StageName>) -> Set<StageName> {
    var result = names
    var grew = true
    while grew {
      grew = false
      for stage in allCases where !result.contains(stage) {
        if stage.upstream.contains(where: result.contains) {
          result.insert(stage)
          grew = true
        }
      }
    }
    return result
  }
}

/// Runs stages through the cache: a stage whose key is unchanged is not run and its stored
/// outputs are used; otherwise it runs, its outputs are stored under its key, and the reason it
/// ran is recorded for the report and for `status`.
final class StageRunner {
  let cache: StageCache
  let forced: Set<StageName>
  let log: Log
  /// when true, nothing runs: `run` only records whether each stage is up to date
  let dryRun: Bool
  private(set) var records: [StageRecord] = []
  /// The stage whose outputs are being written, for a stage that reports on the run itself
  /// (the report's stage table) while it runs.
  private var producing: (stage: StageName, reason: String, started: Date, key: StageKey)?
  /// What changed in an input, by input name, added to a stale stage's reason: "input images:
  /// changed" becomes "input images: changed (2 added, 0 removed, 1 changed)".
  var inputDetails: [String: String] = [:]
  /// The key of each stage in this report's previous run, which a stale stage's reason is
  /// measured against; the cache is shared by the reports beside each other, so its own
  /// latest key may belong to another report.
  let previousKeys: [String: StageKey]
  /// The key of each stage run or reused so far, for the next run's `previousKeys`.
  private(set) var keys: [String: StageKey] = [:]

  init(
    cache: StageCache, forced: Set<StageName>, log: Log, dryRun: Bool = false,
    previousKeys: [String: StageKey] = [:]
  ) {
    self.previousKeys = previousKeys
    self.cache = cache
    self.forced = StageName.withDependents(forced)
    self.log = log
    self.dryRun = dryRun
  }

  /// A stage's result: the folder holding its outputs and a hash of them, for downstream keys.
  struct Output {
    let folder: URL
    let hash: String
  }

  /// Reuses or runs one stage.
  /// - Parameters:
  ///   - produce: writes the stage's outputs into the empty folder it is given.
  /// - Returns: nil only in a dry run when the stage would run.
  func run(_ stage: StageName, key: StageKey, produce: (URL) throws -> Void) throws -> Output? {
    let name = stage.rawValue
    let timer = Date()
    var reason: String

    if forced.contains(stage) {
      reason = "forced (--force)"
    } else {
      switch cache.lookup(stage: name, key: key) {
      case .hit(let folder):
        let hash = cache.manifest(stage: name, key: key)?.outputHash ?? key.digest
        record(stage, "reused", "inputs unchanged", since: timer, key: key)
        if !dryRun { log.info("· \(name): reused (inputs unchanged)") }
        return Output(folder: folder, hash: hash)
      case .miss:
        reason = staleReason(stage, key: key)
      case .corrupt(let problem):
        log.warning(problem)
        reason = "cache entry damaged; recomputed"
      }
    }

    if dryRun {
      record(stage, "stale", reason, since: timer, key: key)
      return nil
    }
    let stageTimer = log.stage(name, reason)
    try Interruption.check()
    producing = (stage, reason, timer, key)
    defer { producing = nil }
    let folder = try cache.store(stage: name, key: key, write: produce)
    let hash = cache.manifest(stage: name, key: key)?.outputHash ?? key.digest
    stageTimer.finish()
    record(stage, "run", reason, since: timer, key: key)
    return Output(folder: folder, hash: hash)
  }

  /// The records so far and, while a stage runs, its own record with the time it has taken
  /// until now.
  func recordsIncludingRunning() -> [StageRecord] {
    guard let producing else { return records }
    return records + [
      StageRecord(
        name: producing.stage.rawValue, action: "run", reason: producing.reason,
        seconds: Date().timeIntervalSince(producing.started), key: producing.key.digest)
    ]
  }

  /// Records a stage that is not cached (the data scan always looks at the folder).
  func recordUncached(_ stage: StageName, reason: String, seconds: Double, key: String) {
    records.append(
      StageRecord(name: stage.rawValue, action: "run", reason: reason, seconds: seconds, key: key))
  }

  /// Records, in a dry run, a stage after a stale one that `--force` reruns in any case.
  func recordForced(_ stage: StageName) {
    records.append(
      StageRecord(
        name: stage.rawValue, action: "stale", reason: "forced (--force)", seconds: 0, key: ""))
  }

  /// Records, in a dry run, a stage after a stale one: its key needs the output of a stage
  /// that has not run, so whether it reruns is known only once that output exists.
  func recordPending(_ stage: StageName, reason: String) {
    records.append(
      StageRecord(name: stage.rawValue, action: "pending", reason: reason, seconds: 0, key: ""))
  }

  private func staleReason(_ stage: StageName, key: StageKey) -> String {
    guard let previous = previousKeys[stage.rawValue] else { return "no cached result" }
    let differences = key.differences(from: previous).map { reason in
      for (name, detail) in inputDetails where reason == "input \(name): changed" {
        return reason + " (" + detail + ")"
      }
      return reason
    }
    return differences.isEmpty ? "no cached result" : differences.joined(separator: "; ")
  }

  private func record(
    _ stage: StageName, _ action: String, _ reason: String, since start: Date, key: StageKey
  ) {
    if action != "stale" { keys[stage.rawValue] = key }
    records.append(
      StageRecord(
        name: stage.rawValue, action: action, reason: reason,
        seconds: Date().timeIntervalSince(start), key: key.digest))
  }
}
