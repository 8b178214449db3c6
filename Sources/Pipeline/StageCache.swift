import Foundation

/// The result of `StageCache.lookup(stage:key:)`.
public enum CacheLookup: Sendable, Equatable {
  /// A verified entry exists; its output files are in this folder. Read them, don't modify them.
  case hit(URL)
  /// No entry for this key: run the stage.
  case miss
  /// An entry existed but its content did not match its manifest; it has been removed. The
  /// string says which file and what was wrong, for a warning. Run the stage.
  case corrupt(String)
}

/// A content-addressed store of stage outputs.
///
/// Layout under `root`:
/// - `<stage>/<digest>/output/...` the stage's output files,
/// - `<stage>/<digest>/manifest.json` the `CacheManifest` (key, sizes, SHA-256 of each file),
/// - `<stage>/latest.json` the key most recently stored or hit for the stage,
/// - `<stage>/.tmp-<digest>-<pid>-<n>/` an entry being written by process `<pid>`.
///
/// An entry is built entirely in a temporary folder and renamed into place only when complete,
/// so a killed run never leaves a half-written entry under a digest; temporary folders whose
/// process is gone are deleted by `init(root:)` and `lookup(stage:key:)`.
///
/// Stage names must be non-empty, must not start with "." and may hold only ASCII letters,
/// digits, "-", "_" and "." (a programmer error otherwise): they become folder names.
public struct StageCache: Sendable {
  /// Prefix of the temporary folders entries are written to before being renamed into place.
  public static let temporaryPrefix = ".tmp-"

  /// The cache folder.
  public let root: URL

  /// Opens (creating if needed) the cache at `root` and removes temporary folders left by runs
  /// that were killed.
  ///
  /// - Throws: `FileSystemError` when the folder cannot be created.
  public init(root: URL) throws {
    self.root = root.standardizedFileURL
    try Self.createFolder(self.root)
    removeAbandonedTemporaries()
  }

  /// Looks for a verified entry for `key`. Every output file's size and SHA-256 are checked
  /// against the manifest (this reads all outputs: cost is proportional to their size). A
  /// damaged entry is deleted and reported as `.corrupt` so the caller recomputes it. On a hit,
  /// `latest.json` is updated to `key`.
  public func lookup(stage: String, key: StageKey) -> CacheLookup {
    Self.checkStageName(stage)
    removeAbandonedTemporaries(inStage: stage)
    let entry = entryFolder(stage: stage, digest: key.digest)
    guard FileManager.default.fileExists(atPath: entry.path) else { return .miss }

    if let problem = Self.problem(inEntry: entry, stage: stage, key: key) {
      removeFolder(entry, stage: stage)
      let name = "\(stage)/\(key.digest.prefix(12))"
      return .corrupt(
        "cache entry \(name) was damaged (\(problem)); it was removed and the stage will run "
          + "again")
    }

    // The hit stands even if these fail: latest.json only feeds `status` explanations and the
    // folder time only orders `prune`, and both are rewritten by the next successful store.
    try? markLatest(stage: stage, key: key)
    utimensat(AT_FDCWD, entry.path, nil, 0)
    return .hit(entry.appendingPathComponent("output"))
  }

  /// Stores a stage's outputs under `key`: `write` receives an empty folder and writes the
  /// outputs into it; they are then hashed into a manifest and the folder is renamed into
  /// place, replacing any previous entry for the same key. `latest.json` is updated.
  ///
  /// - Returns: the folder now holding the outputs (the same one a later hit returns).
  /// - Throws: whatever `write` throws (nothing is left behind in that case), or
  ///   `FileSystemError` naming the path that could not be written.
  @discardableResult
  public func store(stage: String, key: StageKey, write: (URL) throws -> Void) throws -> URL {
    Self.checkStageName(stage)
    let digest = key.digest
    let stageFolder = root.appendingPathComponent(stage)
    try Self.createFolder(stageFolder)
    let temporary = temporaryFolder(stage: stage, digest: digest)
    let output = temporary.appendingPathComponent("output")
    try Self.createFolder(output)

    do {
      try write(output)
      let manifest = CacheManifest(
        formatVersion: CacheManifest.formatVersion, stage: stage, digest: digest, key: key,
        files: try CacheManifest.scan(output))
      try writeAtomically(
        try CanonicalJSON.fileData(manifest),
        to: temporary.appendingPathComponent("manifest.json"))

      let entry = entryFolder(stage: stage, digest: digest)
      if FileManager.default.fileExists(atPath: entry.path) {
        removeFolder(entry, stage: stage)
      }
      guard rename(temporary.path, entry.path) == 0 else {
        throw FileSystemError(
          path: entry.path, operation: "move a new cache entry to", errno: errno)
      }
    } catch {
      try? FileManager.default.removeItem(at: temporary)
      throw error
    }

    try markLatest(stage: stage, key: key)
    return entryFolder(stage: stage, digest: digest).appendingPathComponent("output")
  }

  /// The manifest of the entry for `key`, without verifying the files; nil if there is none or
  /// it is unreadable.
  public func manifest(stage: String, key: StageKey) -> CacheManifest? {
    Self.checkStageName(stage)
    let url = entryFolder(stage: stage, digest: key.digest)
      .appendingPathComponent("manifest.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(CacheManifest.self, from: data)
  }

  /// The key recorded most recently for `stage` (by `store`, a hit, or `markLatest`); nil when
  /// none was recorded or the record is unreadable. Used to explain why a stage is stale.
  public func latestKey(stage: String) -> StageKey? {
    Self.checkStageName(stage)
    return Self.readLatestKey(in: root.appendingPathComponent(stage))
  }

  static func readLatestKey(in stageFolder: URL) -> StageKey? {
    let url = stageFolder.appendingPathComponent("latest.json")
    guard let data = try? Data(contentsOf: url) else { return nil }
    return try? JSONDecoder().decode(StageKey.self, from: data)
  }

  /// Records `key` as the most recent one for `stage`, atomically.
  ///
  /// - Throws: `FileSystemError` naming `latest.json`.
  public func markLatest(stage: String, key: StageKey) throws {
    Self.checkStageName(stage)
    let folder = root.appendingPathComponent(stage)
    try Self.createFolder(folder)
    try writeAtomically(
      try CanonicalJSON.fileData(key), to: folder.appendingPathComponent("latest.json"))
  }

  func entryFolder(stage: String, digest: String) -> URL {
    root.appendingPathComponent(stage).appendingPathComponent(digest)
  }

  func temporaryFolder(stage: String, digest: String) -> URL {
    let name = "\(Self.temporaryPrefix)\(digest)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    return root.appendingPathComponent(stage).appendingPathComponent(name)
  }

  static func createFolder(_ url: URL) throws {
    do {
      try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    } catch {
      throw FileSystemError(
        path: url.path, operation: "create folder", reason: error.localizedDescription)
    }
  }

  static func checkStageName(_ stage: String) {
    let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
    precondition(
      !stage.isEmpty && !stage.hasPrefix(".") && stage.allSatisfy(allowed.contains),
      "StageCache: stage name '\(stage)' is not a safe folder name")
  }
}
