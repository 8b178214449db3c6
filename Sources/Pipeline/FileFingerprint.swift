import Foundation

/// One file's identity: where it is, its `stat` record and the SHA-256 of its bytes.
public struct FileFingerprint: Codable, Sendable, Hashable {
  /// Path relative to the root the file was fingerprinted under, "/"-separated.
  public var path: String
  /// Size in bytes.
  public var size: Int64
  /// Modification time in nanoseconds since 1970-01-01 UTC.
  public var mtimeNanoseconds: Int64
  /// Inode number; a file replaced by rename gets a new one even when size and time match.
  public var inode: UInt64
  /// SHA-256 of the content, 64 lowercase hex characters.
  public var sha256: String

  public init(path: String, size: Int64, mtimeNanoseconds: Int64, inode: UInt64, sha256: String) {
    self.path = path
    self.size = size
    self.mtimeNanoseconds = mtimeNanoseconds
    self.inode = inode
    self.sha256 = sha256
  }

  var status: FileStatus {
    FileStatus(size: size, modificationNanoseconds: mtimeNanoseconds, inode: inode)
  }

  /// A hash of a set of files by path and content only (not by time or inode), so copying a
  /// data folder elsewhere keeps it: SHA-256 over "path NUL sha256 LF" for each file in
  /// byte-wise path order. The empty set hashes like the empty string.
  public static func treeHash(_ fingerprints: some Collection<FileFingerprint>) -> String {
    var hasher = SHA256.Hasher()
    let ordered = fingerprints.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    for fingerprint in ordered {
      hasher.update(string: fingerprint.path)
      hasher.update([0])
      hasher.update(string: fingerprint.sha256)
      hasher.update([0x0a])
    }
    return hasher.finalize()
  }
}

/// What `FingerprintIndex.fingerprint(files:relativeTo:)` found.
public struct FingerprintResult: Sendable, Equatable {
  /// Every requested file, keyed by its relative path.
  public var fingerprints: [String: FileFingerprint]
  /// How many files were read and hashed (the rest were trusted from the index by `stat`).
  public var rehashedCount: Int

  public init(fingerprints: [String: FileFingerprint], rehashedCount: Int) {
    self.fingerprints = fingerprints
    self.rehashedCount = rehashedCount
  }

  /// The fingerprints in byte-wise path order (deterministic).
  public var sorted: [FileFingerprint] {
    fingerprints.values.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
  }

  /// `FileFingerprint.treeHash` of all the files.
  public var treeHash: String { FileFingerprint.treeHash(fingerprints.values) }
}

/// How two sets of fingerprints differ by path and content, e.g. for "3 images added".
public struct FileSetChanges: Sendable, Equatable {
  /// Relative paths present only in the new set, sorted.
  public var added: [String]
  /// Relative paths present only in the old set, sorted.
  public var removed: [String]
  /// Relative paths in both sets whose content hash differs, sorted.
  public var changed: [String]

  public init(old: some Collection<FileFingerprint>, new: some Collection<FileFingerprint>) {
    let oldByPath = Dictionary(old.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    let newByPath = Dictionary(new.map { ($0.path, $0.sha256) }, uniquingKeysWith: { a, _ in a })
    added = newByPath.keys.filter { oldByPath[$0] == nil }.sorted()
    removed = oldByPath.keys.filter { newByPath[$0] == nil }.sorted()
    changed = newByPath.compactMap { path, hash in
      oldByPath[path].map { $0 == hash ? nil : path } ?? nil
    }.sorted()
  }

  /// True when nothing was added, removed or changed.
  public var isEmpty: Bool { added.isEmpty && removed.isEmpty && changed.isEmpty }
}

/// Checks, after a stage has run, that its input files still have the `stat` record they had
/// when they were fingerprinted before it ran. Costs one `stat` per file.
///
/// Files are checked in path order and the first difference is thrown, so the message is the
/// same from run to run.
///
/// - Throws: `InputChangedError` naming the first file that disappeared, changed size,
///   modification time or inode; `FileSystemError` when a file cannot be examined for another
///   reason (e.g. permissions).
public func verifyUnchanged(_ fingerprints: [FileFingerprint], root: URL) throws {
  let ordered = fingerprints.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
  for fingerprint in ordered {
    let path = root.appendingPathComponent(fingerprint.path).path
    guard let now = try FileStatus.readIfPresent(path: path) else {
      throw InputChangedError(file: fingerprint.path, change: .disappeared)
    }
    if let change = difference(from: fingerprint.status, to: now) {
      throw InputChangedError(file: fingerprint.path, change: change)
    }
  }
}

/// The first way `new` differs from `old`, or nil when the records are equal.
func difference(from old: FileStatus, to new: FileStatus) -> InputChangedError.Change? {
  if old.inode != new.inode { return .replaced }
  if old.size != new.size { return .size(old: old.size, new: new.size) }
  if old.modificationNanoseconds != new.modificationNanoseconds {
    return .modificationTime(old: old.modificationNanoseconds, new: new.modificationNanoseconds)
  }
  return nil
}
