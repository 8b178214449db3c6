import Foundation

extension StageCache {
  /// What is wrong with the entry folder for `key`, or nil when its manifest matches the key
  /// and every output file matches the manifest.
  static func problem(inEntry entry: URL, stage: String, key: StageKey) -> String? {
    let manifestURL = entry.appendingPathComponent("manifest.json")
    guard let data = try? Data(contentsOf: manifestURL) else {
      return "manifest.json is missing or unreadable"
    }
    guard let manifest = try? JSONDecoder().decode(CacheManifest.self, from: data),
      manifest.formatVersion == CacheManifest.formatVersion
    else {
      return "manifest.json is not a valid version \(CacheManifest.formatVersion) manifest"
    }
    guard manifest.stage == stage, manifest.digest == key.digest, manifest.key == key else {
      return "manifest.json records a different key"
    }

    let output = entry.appendingPathComponent("output")
    guard let present = try? CacheManifest.listFiles(in: output) else {
      return "the output folder cannot be listed"
    }
    let recorded = manifest.files.map(\.path)
    if let extra = Set(present).subtracting(recorded).sorted().first {
      return "output/\(extra) is not in the manifest"
    }
    for file in manifest.files {
      let url = output.appendingPathComponent(file.path)
      guard let status = try? FileStatus.readIfPresent(path: url.path) else {
        return "output/\(file.path) is missing"
      }
      if status.size != file.size {
        return "output/\(file.path) has \(status.size) bytes, the manifest records \(file.size)"
      }
      guard let digest = try? SHA256.hex(fileAt: url) else {
        return "output/\(file.path) cannot be read"
      }
      if digest != file.sha256 {
        return "output/\(file.path) has SHA-256 \(digest.prefix(12))…, the manifest records "
          + "\(file.sha256.prefix(12))…"
      }
    }
    return nil
  }

  /// Deletes an entry folder by first renaming it to a temporary name, so that an interrupted
  /// deletion never leaves a partial folder under a digest name.
  func removeFolder(_ folder: URL, stage: String) {
    let aside = temporaryFolder(stage: stage, digest: folder.lastPathComponent)
    let target = rename(folder.path, aside.path) == 0 ? aside : folder
    try? FileManager.default.removeItem(at: target)
  }

  /// Deletes temporary folders (in every stage) whose writing process no longer exists.
  ///
  /// - Returns: how many were deleted.
  @discardableResult
  public func removeAbandonedTemporaries() -> Int {
    let stages = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    return stages.filter { !$0.hasPrefix(".") }.reduce(0) {
      $0 + removeAbandonedTemporaries(inStage: $1)
    }
  }

  @discardableResult
  func removeAbandonedTemporaries(inStage stage: String) -> Int {
    let folder = root.appendingPathComponent(stage)
    let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
    var removed = 0
    for name in names where name.hasPrefix(Self.temporaryPrefix) {
      guard !Self.isWriterAlive(temporaryName: name) else { continue }
      if (try? FileManager.default.removeItem(at: folder.appendingPathComponent(name))) != nil {
        removed += 1
      }
    }
    return removed
  }

  /// Whether the process named in `.tmp-<digest>-<pid>-<n>` may still be writing. The current
  /// process counts as alive (another thread may be storing). A name that cannot be parsed
  /// counts as abandoned.
  static func isWriterAlive(temporaryName name: String) -> Bool {
    let parts = name.dropFirst(temporaryPrefix.count).split(separator: "-")
    guard parts.count == 3, let pid = Int32(parts[1]), pid > 0 else { return false }
    if pid == getpid() { return true }
    return kill(pid, 0) == 0 || errno == EPERM
  }

  /// Keeps, per stage, the `keepLatest` most recently stored or hit entries, the one named by
  /// `latest.json` and every entry whose digest is in `protected`, and deletes the others. Best
  /// effort: entries that cannot be deleted are left.
  ///
  /// - Parameter protected: digests of entries to keep whatever their age (for example those
  ///   the latest run of each report used).
  /// - Returns: how many entries were deleted.
  @discardableResult
  public func prune(keepLatest: Int, protected: Set<String> = []) -> Int {
    precondition(keepLatest >= 0, "StageCache.prune: keepLatest must be >= 0, got \(keepLatest)")
    let stages = (try? FileManager.default.contentsOfDirectory(atPath: root.path)) ?? []
    var removed = 0
    for stage in stages.sorted() where !stage.hasPrefix(".") {
      let folder = root.appendingPathComponent(stage)
      let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
      let entries = names.filter(Self.isDigest).map { name in
        let path = folder.appendingPathComponent(name).path
        return (name, (try? FileStatus.read(path: path))?.modificationNanoseconds ?? 0)
      }.sorted { ($0.1, $0.0) > ($1.1, $1.0) }
      let latest = Self.readLatestKey(in: folder)?.digest
      for (index, entry) in entries.enumerated()
      where index >= keepLatest && entry.0 != latest && !protected.contains(entry.0) {
        let url = folder.appendingPathComponent(entry.0)
        if (try? FileManager.default.removeItem(at: url)) != nil {
          removed += 1
        }
      }
    }
    return removed
  }

  static func isDigest(_ name: String) -> Bool {
    name.utf8.count == 64
      && name.utf8.allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
  }
}
