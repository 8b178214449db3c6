import Foundation
import Pipeline
import Testing

@Suite struct StageCacheTests {
  private struct WriterFailed: Error {}

  private func key(trials: Int = 1000) -> StageKey {
    var key = StageKey(stage: "evaluation", version: 1)
    key.add(parameter: "trials", trials)
    key.add(input: "weights", hash: SHA256.hex("weights"))
    return key
  }

  private func writeOutputs(_ folder: URL) throws {
    try Data("{\"accuracy\": 0.9}\n".utf8).write(to: folder.appendingPathComponent("metrics.json"))
    let nested = folder.appendingPathComponent("figures")
    try FileManager.default.createDirectory(at: nested, withIntermediateDirectories: true)
    try Data([0x89, 0x50, 0x4e, 0x47]).write(to: nested.appendingPathComponent("roc.png"))
  }

  private func contents(of folder: URL) -> [String] {
    ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).sorted()
  }

  @Test func storeThenLookupReturnsTheSameFiles() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url.appendingPathComponent("cache"))
    #expect(cache.lookup(stage: "evaluation", key: key()) == .miss)

    let stored = try cache.store(stage: "evaluation", key: key(), write: writeOutputs)
    let lookup = cache.lookup(stage: "evaluation", key: key())

    #expect(lookup == .hit(stored))
    let metrics = try String(
      contentsOf: stored.appendingPathComponent("metrics.json"), encoding: .utf8)
    #expect(metrics == "{\"accuracy\": 0.9}\n")
    let manifest = try #require(cache.manifest(stage: "evaluation", key: key()))
    #expect(manifest.files.map(\.path) == ["figures/roc.png", "metrics.json"])
    #expect(manifest.files[0].sha256 == SHA256.hex([0x89, 0x50, 0x4e, 0x47]))
    #expect(manifest.digest == key().digest)
    #expect(cache.lookup(stage: "evaluation", key: key(trials: 500)) == .miss)
  }

  @Test func latestKeyExplainsWhyAStageIsStale() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url)
    #expect(cache.latestKey(stage: "evaluation") == nil)

    try cache.store(stage: "evaluation", key: key(trials: 1000), write: writeOutputs)
    try cache.store(stage: "evaluation", key: key(trials: 500), write: writeOutputs)
    #expect(cache.latestKey(stage: "evaluation") == key(trials: 500))

    _ = cache.lookup(stage: "evaluation", key: key(trials: 1000))
    let latest = try #require(cache.latestKey(stage: "evaluation"))
    #expect(latest == key(trials: 1000))
    #expect(key(trials: 2000).differences(from: latest) == ["parameter trials: 1000 -> 2000"])
  }

  @Test func corruptedEntryIsReportedAndRemoved() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url)
    let stored = try cache.store(stage: "evaluation", key: key(), write: writeOutputs)

    // Same size, different bytes: only the content hash can notice.
    try Data("{\"accuracy\": 0.1}\n".utf8).write(to: stored.appendingPathComponent("metrics.json"))
    let lookup = cache.lookup(stage: "evaluation", key: key())

    guard case .corrupt(let reason) = lookup else {
      Issue.record("expected .corrupt, got \(lookup)")
      return
    }
    #expect(reason.contains("metrics.json"))
    #expect(reason.contains("evaluation/"))
    #expect(!FileManager.default.fileExists(atPath: stored.deletingLastPathComponent().path))
    #expect(cache.lookup(stage: "evaluation", key: key()) == .miss)
    #expect(contents(of: folder.url.appendingPathComponent("evaluation")) == ["latest.json"])
  }

  @Test func entryWithAnExtraOrMissingFileIsCorrupt() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url)

    let first = try cache.store(stage: "evaluation", key: key(), write: writeOutputs)
    try Data("x".utf8).write(to: first.appendingPathComponent("stray.txt"))
    guard case .corrupt(let extra) = cache.lookup(stage: "evaluation", key: key()) else {
      Issue.record("an extra file must make the entry corrupt")
      return
    }
    #expect(extra.contains("stray.txt"))

    let second = try cache.store(stage: "evaluation", key: key(), write: writeOutputs)
    try FileManager.default.removeItem(at: second.appendingPathComponent("figures/roc.png"))
    guard case .corrupt(let missing) = cache.lookup(stage: "evaluation", key: key()) else {
      Issue.record("a missing file must make the entry corrupt")
      return
    }
    #expect(missing.contains("figures/roc.png"))
  }

  @Test func failingWriterLeavesNoEntryAndNoTemporaryFolder() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url)

    #expect(throws: WriterFailed.self) {
      try cache.store(stage: "training", key: key()) { output in
        try Data("half".utf8).write(to: output.appendingPathComponent("weights.bin"))
        throw WriterFailed()
      }
    }

    #expect(cache.lookup(stage: "training", key: key()) == .miss)
    #expect(contents(of: folder.url.appendingPathComponent("training")) == [])
    #expect(cache.latestKey(stage: "training") == nil)
  }

  @Test func leftoverTemporaryFolderIsIgnoredAndCleaned() throws {
    let folder = try TestFolder()
    let stageFolder = folder.url.appendingPathComponent("training")
    // What a run killed while writing leaves: a temporary folder from a process that is gone
    // (pid 999999999 exceeds Linux's maximum pid), here even with a complete-looking manifest.
    let leftover = stageFolder.appendingPathComponent(
      "\(StageCache.temporaryPrefix)\(key().digest)-999999999-7")
    try FileManager.default.createDirectory(
      at: leftover.appendingPathComponent("output"), withIntermediateDirectories: true)
    try Data("half".utf8).write(to: leftover.appendingPathComponent("output/weights.bin"))
    try Data("{}".utf8).write(to: leftover.appendingPathComponent("manifest.json"))
    // One from this very process stands for a store in progress on another thread.
    let inProgress = stageFolder.appendingPathComponent(
      "\(StageCache.temporaryPrefix)\(key().digest)-\(getpid())-8")
    try FileManager.default.createDirectory(at: inProgress, withIntermediateDirectories: true)

    let cache = try StageCache(root: folder.url)
    #expect(contents(of: stageFolder) == [inProgress.lastPathComponent])

    try FileManager.default.createDirectory(at: leftover, withIntermediateDirectories: true)
    #expect(cache.lookup(stage: "training", key: key()) == .miss)
    #expect(contents(of: stageFolder) == [inProgress.lastPathComponent])
  }

  @Test func storingAgainReplacesTheEntry() throws {
    let folder = try TestFolder()
    let cache = try StageCache(root: folder.url)
    try cache.store(stage: "figures", key: key()) { output in
      try Data("old".utf8).write(to: output.appendingPathComponent("a.txt"))
    }
    let stored = try cache.store(stage: "figures", key: key()) { output in
      try Data("new".utf8).write(to: output.appendingPathComponent("b.txt"))
    }

    #expect(cache.lookup(stage: "figures", key: key()) == .hit(stored))
    #expect(contents(of: stored) == ["b.txt"])
    #expect(contents(of: folder.url.appendingPathComponent("figures")).count == 2)
  }

  @Test func sameOutputsGiveTheSameManifestBytes() throws {
    let first = try TestFolder()
    let second = try TestFolder()
    let a = try StageCache(root: first.url).store(stage: "report", key: key(), write: writeOutputs)
    let b = try StageCache(root: second.url).store(stage: "report", key: key(), write: writeOutputs)

    let manifestA = try Data(
      contentsOf: a.deletingLastPathComponent().appendingPathComponent("manifest.json"))
    let manifestB = try Data(
      contentsOf: b.deletingLastPathComponent().appendingPathComponent("manifest.json"))
    #expect(manifestA == manifestB)
  }

  /// Three evaluation entries (trials 100, 200, 300), oldest first; the last is latest.json's.
  private func cacheOfThreeEntries(_ folder: TestFolder) throws -> StageCache {
    let cache = try StageCache(root: folder.url)
    for (offset, trials) in [100, 200, 300].enumerated() {
      let output = try cache.store(
        stage: "evaluation", key: key(trials: trials), write: writeOutputs)
      setModificationTime(output.deletingLastPathComponent(), seconds: oldTime + offset)
    }
    return cache
  }

  @Test func pruneKeepsTheNewestAndTheLatest() throws {
    let folder = try TestFolder()
    let cache = try cacheOfThreeEntries(folder)
    try cache.markLatest(stage: "evaluation", key: key(trials: 100))

    #expect(cache.prune(keepLatest: 1) == 1)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 100)) != nil)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 200)) == nil)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 300)) != nil)
  }

  @Test func pruneKeepsProtectedEntriesWhateverTheirAge() throws {
    let folder = try TestFolder()
    let cache = try cacheOfThreeEntries(folder)

    #expect(cache.prune(keepLatest: 0, protected: [key(trials: 100).digest]) == 1)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 100)) != nil)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 200)) == nil)
    // the one latest.json names (the last stored)
    #expect(cache.manifest(stage: "evaluation", key: key(trials: 300)) != nil)
  }
}
