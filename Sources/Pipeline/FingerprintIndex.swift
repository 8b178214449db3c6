import Foundation

/// Remembers the SHA-256 of files by their `stat` record (relative path, size, modification time
/// in ns, inode), so that a later run reads and hashes only files whose record changed. Stored
/// as versioned JSON with sorted keys (see `save(to:)`).
///
/// A file modified within `racyWindowNanoseconds` (2 s) before it was hashed is not trusted on
/// the next run: a second write inside the same timestamp tick would leave its record unchanged
/// while its bytes differ, so such files are hashed again until their time is safely old.
public struct FingerprintIndex: Codable, Sendable {
  /// The on-disk format this code writes and reads; newer files are ignored with a warning.
  public static let formatVersion = 1

  /// How recent a modification must be, relative to the moment of hashing, for the stored hash
  /// not to be trusted next time (covers file systems with coarse, even 2-second, time stamps).
  public static let racyWindowNanoseconds: Int64 = 2_000_000_000

  struct Entry: Codable, Sendable, Equatable {
    var size: Int64
    var mtimeNanoseconds: Int64
    var inode: UInt64
    var sha256: String
    /// Real time just before the file was read for hashing, ns since 1970.
    var hashedAtNanoseconds: Int64

    var status: FileStatus {
      FileStatus(size: size, modificationNanoseconds: mtimeNanoseconds, inode: inode)
    }

    func isTrusted(for current: FileStatus) -> Bool {
      status == current
        && mtimeNanoseconds < hashedAtNanoseconds - FingerprintIndex.racyWindowNanoseconds
    }
  }

  private var entries: [String: Entry]

  /// Set by `load(from:)` when a file existed but could not be used (unreadable, corrupt or from
  /// a newer version): says which file and that every input will be hashed again. Not saved.
  public private(set) var loadWarning: String?

  /// An index that knows no file.
  public init() {
    entries = [:]
    loadWarning = nil
  }

  /// Number of files the index remembers.
  public var count: Int { entries.count }

  /// The remembered fingerprint of the file at `path` (relative), if any.
  public func fingerprint(forPath path: String) -> FileFingerprint? {
    entries[path].map {
      FileFingerprint(
        path: path, size: $0.size, mtimeNanoseconds: $0.mtimeNanoseconds, inode: $0.inode,
        sha256: $0.sha256)
    }
  }

  /// Drops what is remembered about files not in `paths` (relative), e.g. deleted images.
  public mutating func forgetFiles(except paths: some Sequence<String>) {
    let keep = Set(paths)
    entries = entries.filter { keep.contains($0.key) }
  }

  /// Reads an index saved by `save(to:)`. A missing file gives an empty index; an unreadable,
  /// corrupt or newer-format file gives an empty index whose `loadWarning` says so. Never throws:
  /// losing the index costs time (everything is hashed again), never correctness.
  public static func load(from url: URL) -> FingerprintIndex {
    guard FileManager.default.fileExists(atPath: url.path) else { return FingerprintIndex() }

    do {
      let data = try Data(contentsOf: url)
      return try JSONDecoder().decode(FingerprintIndex.self, from: data)
    } catch {
      var index = FingerprintIndex()
      index.loadWarning =
        "the fingerprint index \(url.path) could not be used (\(Self.describe(error))); "
        + "every input file will be hashed again"
      return index
    }
  }

  /// Writes the index as pretty JSON with sorted keys, atomically (temporary file + rename),
  /// creating the parent folder if needed.
  ///
  /// - Throws: `FileSystemError` naming the file.
  public func save(to url: URL) throws {
    let folder = url.deletingLastPathComponent()
    do {
      try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    } catch {
      throw FileSystemError(
        path: folder.path, operation: "create folder", reason: error.localizedDescription)
    }
    try writeAtomically(try CanonicalJSON.fileData(self), to: url)
  }

  private enum CodingKeys: String, CodingKey {
    case version
    case files
  }

  public init(from decoder: any Decoder) throws {
    let container = try decoder.container(keyedBy: CodingKeys.self)
    let version = try container.decode(Int.self, forKey: .version)
    guard version <= Self.formatVersion else {
      throw DecodingError.dataCorruptedError(
        forKey: .version, in: container,
        debugDescription: "format version \(version) is newer than the supported "
          + "\(Self.formatVersion)")
    }
    entries = try container.decode([String: Entry].self, forKey: .files)
    loadWarning = nil
  }

  public func encode(to encoder: any Encoder) throws {
    var container = encoder.container(keyedBy: CodingKeys.self)
    try container.encode(Self.formatVersion, forKey: .version)
    try container.encode(entries, forKey: .files)
  }

  private static func describe(_ error: any Error) -> String {
    switch error {
    case DecodingError.dataCorrupted(let context): return context.debugDescription
    case DecodingError.keyNotFound(let key, _): return "missing field \(key.stringValue)"
    case DecodingError.typeMismatch(_, let context): return context.debugDescription
    case DecodingError.valueNotFound(_, let context): return context.debugDescription
    default: return error.localizedDescription
    }
  }
}

extension FingerprintIndex {
  /// Fingerprints `files`: one `stat` each, and a read + SHA-256 only for files whose record is
  /// new, changed or too recent to trust. Hashing runs in parallel on all cores
  /// (`DispatchQueue.concurrentPerform`). The index is updated; call `save(to:)` to keep it.
  ///
  /// Each hashed file is `stat`ed again after reading, so a file written to while it was being
  /// hashed is reported instead of being recorded with a hash of mixed bytes.
  ///
  /// - Parameters:
  ///   - files: the files to fingerprint; duplicates are fingerprinted once.
  ///   - root: the folder paths are made relative to; every file must be inside it.
  /// - Returns: every file's fingerprint keyed by relative path, and how many were hashed.
  /// - Throws: `FileSystemError` naming a file that is outside `root`, missing or unreadable;
  ///   `InputChangedError` naming a file that changed while it was being hashed.
  public mutating func fingerprint(files: [URL], relativeTo root: URL) throws -> FingerprintResult {
    var statuses: [String: (url: URL, status: FileStatus)] = [:]
    for file in files {
      let relative = try RelativePath.of(file, under: root)
      if statuses[relative] == nil {
        statuses[relative] = (file, try FileStatus.read(path: file.path))
      }
    }

    let stale = statuses.filter { relative, record in
      !(entries[relative]?.isTrusted(for: record.status) ?? false)
    }.map { ($0.key, $0.value.url, $0.value.status) }.sorted { $0.0 < $1.0 }
    let hashed = try Self.hash(stale)
    for (relative, entry) in hashed {
      entries[relative] = entry
    }

    var fingerprints: [String: FileFingerprint] = [:]
    fingerprints.reserveCapacity(statuses.count)
    for relative in statuses.keys {
      fingerprints[relative] = fingerprint(forPath: relative)
    }
    return FingerprintResult(fingerprints: fingerprints, rehashedCount: hashed.count)
  }

  /// Hashes the given files in parallel and returns their new index entries.
  private static func hash(
    _ files: [(relative: String, url: URL, status: FileStatus)]
  ) throws -> [(String, Entry)] {
    let slots = ResultSlots<Entry>(count: files.count)
    DispatchQueue.concurrentPerform(iterations: files.count) { index in
      let (relative, url, before) = files[index]
      slots.set(index) {
        let hashedAt = FileStatus.nowNanoseconds()
        let digest = try SHA256.hex(fileAt: url)
        guard let after = try FileStatus.readIfPresent(path: url.path) else {
          throw InputChangedError(file: relative, change: .disappeared)
        }
        if let change = difference(from: before, to: after) {
          throw InputChangedError(file: relative, change: change)
        }
        return Entry(
          size: before.size, mtimeNanoseconds: before.modificationNanoseconds,
          inode: before.inode, sha256: digest, hashedAtNanoseconds: hashedAt)
      }
    }
    let entries = try slots.values()
    return zip(files.map(\.relative), entries).map { ($0, $1) }
  }
}

/// Per-index results filled by parallel workers. Each worker writes only its own slot, but the
/// array itself is shared, so writes go through a lock.
private final class ResultSlots<Value>: @unchecked Sendable {
  private let lock = NSLock()
  private var results: [Result<Value, any Error>?]

  init(count: Int) {
    results = Array(repeating: nil, count: count)
  }

  func set(_ index: Int, _ compute: () throws -> Value) {
    let result = Result { try compute() }
    lock.lock()
    results[index] = result
    lock.unlock()
  }

  /// All values in index order, or the error of the lowest-numbered failing slot (so the same
  /// failure is reported whatever the thread timing).
  func values() throws -> [Value] {
    lock.lock()
    defer { lock.unlock() }
    return try results.map { try $0!.get() }
  }
}
